import NakerTestSupport
import Testing

@testable import NakerSources

/// Chunk sizes that put every state transition across a read boundary, plus the real one.
private let chunkSizes = [1, 2, 3, 7, 1 << 16]

private func events(
    _ bytes: [UInt8], delimiter: Character = ",", maxRecordBytes: Int = 1 << 20, chunkBytes: Int = 1 << 16
) throws -> [CSVReader.Event] {
    let directory = try TemporaryDirectory()
    let path = try directory.write("data.csv", bytes)
    let reader = CSVReader(
        path: path, delimiter: delimiter.asciiValue!, maxRecordBytes: maxRecordBytes, chunkBytes: chunkBytes)
    var events: [CSVReader.Event] = []
    try reader.read { events.append($0) }
    return events
}

private func events(
    _ text: String, delimiter: Character = ",", maxRecordBytes: Int = 1 << 20, chunkBytes: Int = 1 << 16
) throws -> [CSVReader.Event] {
    try events(Array(text.utf8), delimiter: delimiter, maxRecordBytes: maxRecordBytes, chunkBytes: chunkBytes)
}

private func readError(_ bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) throws -> CSVReaderError? {
    let directory = try TemporaryDirectory()
    let path = try directory.write("data.csv", bytes)
    do {
        try CSVReader(path: path, delimiter: delimiter).read { _ in }
        return nil
    } catch let error as CSVReaderError {
        return error
    }
}

@Suite struct CSVReaderTests {
    @Test(arguments: chunkSizes)
    func quotedFieldsWithEscapesDelimitersAndNewlines(chunkBytes: Int) throws {
        let text = "a,b,c\n\"x \"\"y\"\"\",\"1,2\",\"line1\nline2\"\nlast,,\n"
        #expect(
            try events(text, chunkBytes: chunkBytes) == [
                .record(line: 1, fields: ["a", "b", "c"]),
                .record(line: 2, fields: ["x \"y\"", "1,2", "line1\nline2"]),
                .record(line: 4, fields: ["last", "", ""]),
            ])
    }

    @Test(arguments: chunkSizes)
    func lineNumbersAfterMultiLineQuotedFields(chunkBytes: Int) throws {
        let text = "h,i\n\"a\nb\nc\",1\nnext,2\n\"\r\nx\r\n\",3\r\nafter,4"
        #expect(
            try events(text, chunkBytes: chunkBytes) == [
                .record(line: 1, fields: ["h", "i"]),
                .record(line: 2, fields: ["a\nb\nc", "1"]),
                .record(line: 5, fields: ["next", "2"]),
                .record(line: 6, fields: ["\r\nx\r\n", "3"]),
                .record(line: 9, fields: ["after", "4"]),
            ])
    }

    @Test(arguments: chunkSizes)
    func semicolonAndTabDelimiters(chunkBytes: Int) throws {
        #expect(
            try events("a;b\n1;\"2;3\"\n4,5;6\n", delimiter: ";", chunkBytes: chunkBytes) == [
                .record(line: 1, fields: ["a", "b"]),
                .record(line: 2, fields: ["1", "2;3"]),
                .record(line: 3, fields: ["4,5", "6"]),
            ])
        #expect(
            try events("a\tb\n1\t\"2\t3\"\n", delimiter: "\t", chunkBytes: chunkBytes) == [
                .record(line: 1, fields: ["a", "b"]),
                .record(line: 2, fields: ["1", "2\t3"]),
            ])
    }

    @Test(arguments: chunkSizes)
    func crlfLoneCRAndBlankLines(chunkBytes: Int) throws {
        #expect(
            try events("\r\n\na,b\r\n\r\n1,2\r\n\n\n3,4\r5,6\r\n", chunkBytes: chunkBytes) == [
                .record(line: 3, fields: ["a", "b"]),
                .record(line: 5, fields: ["1", "2"]),
                .record(line: 8, fields: ["3", "4"]),
                .record(line: 9, fields: ["5", "6"]),
            ])
    }

    @Test(arguments: chunkSizes)
    func utf8ByteOrderMarkIsSkipped(chunkBytes: Int) throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,nama\n1,Jos\u{E9}\n".utf8)
        #expect(
            try events(bytes, chunkBytes: chunkBytes) == [
                .record(line: 1, fields: ["id", "nama"]),
                .record(line: 2, fields: ["1", "Jos\u{E9}"]),
            ])
    }

    @Test func lastRecordWithoutLineEndAndEmptyFields() throws {
        #expect(
            try events("a,b\n,\n\"\",x\ny,") == [
                .record(line: 1, fields: ["a", "b"]),
                .record(line: 2, fields: ["", ""]),
                .record(line: 3, fields: ["", "x"]),
                .record(line: 4, fields: ["y", ""]),
            ])
    }

    @Test(arguments: chunkSizes)
    func strayQuotesAndTextAfterClosingQuoteAreMalformedRecords(chunkBytes: Int) throws {
        let text = "h1,h2\nab\"c,d\n\"ab\"c,d\nx,\"ok\" \nfine,1\n"
        #expect(
            try events(text, chunkBytes: chunkBytes) == [
                .record(line: 1, fields: ["h1", "h2"]),
                .malformed(line: 2, problem: .strayQuote(field: 1)),
                .malformed(line: 3, problem: .textAfterClosingQuote(field: 1)),
                .malformed(line: 4, problem: .textAfterClosingQuote(field: 2)),
                .record(line: 5, fields: ["fine", "1"]),
            ])
    }

    /// Problems confined to one field travel with the record (a reader that ignores the field
    /// can still use the row); one per field, in field order. The string events stay strict.
    @Test(arguments: chunkSizes)
    func fieldProblemsTravelWithTheirRecord(chunkBytes: Int) throws {
        let bytes =
            Array("h1,h2,h3\nab\"c,\"x\"y,ok\nA".utf8) + [0] + Array("B,C\"D\"E,\n1,2,3\n".utf8)
        let directory = try TemporaryDirectory()
        let path = try directory.write("data.csv", bytes)
        var records: [(line: Int, problems: [CSVRecordProblem], third: String)] = []
        try CSVReader(path: path, chunkBytes: chunkBytes).readRecords { event in
            guard case .record(let record) = event else {
                Issue.record("\(event.line) delivered as malformed")
                return
            }
            records.append((record.line, record.problems, record.text(record.field(2))))
        }
        #expect(records.map(\.line) == [1, 2, 3, 4])
        #expect(
            records.map(\.problems) == [
                [], [.strayQuote(field: 1), .textAfterClosingQuote(field: 2)],
                [.nulByte(field: 1), .strayQuote(field: 2)],
                [],
            ])
        #expect(records.map(\.third) == ["h3", "ok", "", "3"])
        #expect(
            try events(bytes, chunkBytes: chunkBytes) == [
                .record(line: 1, fields: ["h1", "h2", "h3"]),
                .malformed(line: 2, problem: .strayQuote(field: 1)),
                .malformed(line: 3, problem: .nulByte(field: 1)), .record(line: 4, fields: ["1", "2", "3"]),
            ])
    }

    @Test(arguments: chunkSizes)
    func windows1252IsDecodedUnlessTheFileHasAUTF8Mark(chunkBytes: Int) throws {
        let directory = try TemporaryDirectory()
        let windows = try directory.write(
            "windows.csv", Array("nama;lpk\nJos".utf8) + [0xE9, 0x3B, 0x80, 0x92] + [0x0A])
        var fields: [[String]] = []
        try CSVReader(
            path: windows, delimiter: UInt8(ascii: ";"), encoding: .windows1252, chunkBytes: chunkBytes
        )
        .read { event in
            if case .record(_, let record) = event { fields.append(record) }
        }
        #expect(fields == [["nama", "lpk"], ["José", "€’"]])

        let marked = try directory.write("marked.csv", [0xEF, 0xBB, 0xBF] + Array("nama\nJosé\n".utf8))
        fields = []
        try CSVReader(path: marked, encoding: .windows1252, chunkBytes: chunkBytes).read { event in
            if case .record(_, let record) = event { fields.append(record) }
        }
        #expect(fields == [["nama"], ["José"]])
    }

    @Test(arguments: chunkSizes)
    func unterminatedQuoteAtEndOfFile(chunkBytes: Int) throws {
        #expect(
            try events("h1,h2\n1,2\n3,\"abc\ndef", chunkBytes: chunkBytes) == [
                .record(line: 1, fields: ["h1", "h2"]),
                .record(line: 2, fields: ["1", "2"]),
                .malformed(line: 3, problem: .unterminatedQuote),
            ])
    }

    @Test(arguments: chunkSizes)
    func latin1BytesAndNULAreMalformedRecords(chunkBytes: Int) throws {
        let bytes =
            Array("h1,h2\n".utf8) + Array("1,Jos".utf8) + [0xE9] + Array("\n\"caf".utf8) + [0xE9]
            + Array("\",2\nA".utf8) + [0] + Array("B,3\nok,4\n".utf8)
        #expect(
            try events(bytes, chunkBytes: chunkBytes) == [
                .record(line: 1, fields: ["h1", "h2"]),
                .malformed(line: 2, problem: .invalidUTF8(field: 2)),
                .malformed(line: 3, problem: .invalidUTF8(field: 1)),
                .malformed(line: 4, problem: .nulByte(field: 1)),
                .record(line: 5, fields: ["ok", "4"]),
            ])
    }

    @Test(arguments: chunkSizes)
    func overLongRecordsAreSkippedToTheirEnd(chunkBytes: Int) throws {
        let long = String(repeating: "x", count: 40)
        let text =
            "h,i\n\(long)\nexact,\(String(repeating: "y", count: 9))\n"
            + "\(long),\"a\nb\r\nc\rd\",\"e\"\"\nf\"\nok,1\n"
            + "\"\(long)\n\(long)\",2\r\nlast,3"
        #expect(
            try events(text, maxRecordBytes: 16, chunkBytes: chunkBytes) == [
                .record(line: 1, fields: ["h", "i"]),
                .malformed(line: 2, problem: .tooLong(limit: 16)),
                .record(line: 3, fields: ["exact", String(repeating: "y", count: 9)]),
                .malformed(line: 4, problem: .tooLong(limit: 16)),
                .record(line: 9, fields: ["ok", "1"]),
                .malformed(line: 10, problem: .tooLong(limit: 16)),
                .record(line: 12, fields: ["last", "3"]),
            ])
    }

    @Test func fileLevelErrors() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.file("absent.csv")
        #expect(throws: CSVReaderError.cannotOpen(path: missing, reason: "No such file or directory")) {
            try CSVReader(path: missing).read { _ in }
        }
        #expect(throws: CSVReaderError.isDirectory(path: directory.path)) {
            try CSVReader(path: directory.path).read { _ in }
        }

        let encodings: [([UInt8], String)] = [
            ([0xFF, 0xFE, 0x69, 0x00], "UTF-16 LE"), ([0xFE, 0xFF, 0x00, 0x69], "UTF-16 BE"),
            ([0xFF, 0xFE, 0x00, 0x00], "UTF-32 LE"), ([0x00, 0x00, 0xFE, 0xFF], "UTF-32 BE"),
        ]
        for (bytes, encoding) in encodings {
            guard case .unsupportedEncoding(_, let found) = try readError(bytes) else {
                Issue.record("no encoding error for \(encoding)")
                continue
            }
            #expect(found == encoding)
        }

        for empty in [[], Array("\n\r\n\n".utf8), [0xEF, 0xBB, 0xBF]] as [[UInt8]] {
            guard case .noHeader = try readError(empty) else {
                Issue.record("no header error for \(empty)")
                continue
            }
        }
        guard case .malformedHeader(_, 2, .strayQuote(field: 2)) = try readError(Array("\na,b\"\n1,2\n".utf8))
        else {
            Issue.record("stray quote in the header not reported")
            return
        }
        guard case .unusableDelimiter = try readError(Array("a,b\n".utf8), delimiter: UInt8(ascii: "\""))
        else {
            Issue.record("quote accepted as delimiter")
            return
        }
    }

    #if os(Linux)
        @Test func readErrorIsAFileLevelError() throws {
            // The kernel answers EIO for the unmapped first page of a process's memory.
            #expect(throws: CSVReaderError.readFailed(path: "/proc/self/mem", reason: "Input/output error")) {
                try CSVReader(path: "/proc/self/mem").read { _ in }
            }
        }
    #endif

    @Test func overLongHeaderIsAFileLevelError() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("data.csv", String(repeating: "h,", count: 100) + "\n1\n")
        #expect(
            throws: CSVReaderError.malformedHeader(path: path, line: 1, problem: .tooLong(limit: 64))
        ) {
            try CSVReader(path: path, maxRecordBytes: 64).read { _ in }
        }
    }

    @Test func errorDescriptionsSayWhatToDo() throws {
        let utf16 = CSVReaderError.unsupportedEncoding(path: "/data/ak1.csv", encoding: "UTF-16 LE")
        #expect(utf16.description.contains("/data/ak1.csv"))
        #expect(utf16.description.contains("save it as \"CSV UTF-8\""))
        let header = CSVReaderError.malformedHeader(path: "/d.csv", line: 1, problem: .nulByte(field: 1))
        #expect(header.description.contains("UTF-8"))
        #expect(CSVRecordProblem.unterminatedQuote.description.contains("truncated"))
    }

    @Test func fingerprintIsOfTheFileRead() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("data.csv", "a\n1\n")
        let fingerprint = try CSVReader(path: path).read { _ in }
        #expect(fingerprint == (try FileFingerprint(path: path)))
        #expect(fingerprint.size == 4)
    }
}

/// Records read in place (whole in one chunk, no quotes) must come out exactly as records
/// read byte by byte through the state machine, which one-byte chunks force.
@Suite struct CSVReaderInPlaceTests {
    @Test(arguments: [",", ";", "\t"] as [Character], [12, 1 << 20])
    func inPlaceRecordsMatchTheStateMachine(delimiter: Character, maxRecordBytes: Int) throws {
        // Mostly plain rows, with the bytes that make a record special mixed in now and then.
        let plain = Array("abc 12-".utf8) + [delimiter.asciiValue!, delimiter.asciiValue!]
        let special: [UInt8] = [0x0A, 0x0A, 0x0D, 0x22, 0x00, 0x09, 0xC3, 0xA9, 0xFF]
        var generator = SplitMix64(state: 42)
        for _ in 0..<20 {
            var bytes = Array("a".utf8) + [delimiter.asciiValue!] + Array("b\n".utf8)
            for _ in 0..<3000 {
                let roll = Int.random(in: 0..<100, using: &generator)
                bytes.append(
                    roll < 80
                        ? plain.randomElement(using: &generator)!
                        : roll < 92 ? 0x0A : special.randomElement(using: &generator)!)
            }
            let inPlace = try events(bytes, delimiter: delimiter, maxRecordBytes: maxRecordBytes)
            let byteByByte = try events(
                bytes, delimiter: delimiter, maxRecordBytes: maxRecordBytes, chunkBytes: 1)
            #expect(inPlace == byteByByte)
        }
    }
}
