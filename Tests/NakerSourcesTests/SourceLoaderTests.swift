import Foundation
import Logging
import NakerConfig
import NakerCore
import NakerTestSupport
import Testing

@testable import NakerSources

private func source(
    _ path: String, _ dataset: DatasetKind = .jobSeekers, columns: [String: String] = [:]
) -> SourceConfig {
    SourceConfig(name: "ak1", dataset: dataset, location: .csv(CSVLocation(path: path)), columns: columns)
}

private func loadError(_ path: String, _ dataset: DatasetKind = .jobSeekers) -> SourceLoadError? {
    var loader = SourceLoader(logger: CapturingLogHandler.silent)
    do {
        _ = try loader.load(source(path, dataset))
        return nil
    } catch let error as SourceLoadError {
        return error
    } catch {
        Issue.record("unexpected error type \(error)")
        return nil
    }
}

private func randomBytes(_ count: Int, seed: UInt64, excluding excluded: Set<UInt8> = []) -> [UInt8] {
    var generator = SplitMix64(state: seed)
    var bytes: [UInt8] = []
    while bytes.count < count {
        let byte = UInt8.random(in: 0...255, using: &generator)
        if !excluded.contains(byte) { bytes.append(byte) }
    }
    return bytes
}

/// A kibibyte count from `/proc/self/status`, e.g. `VmHWM`.
private func procStatus(_ key: String) throws -> Int {
    let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    let line = try #require(status.split(separator: "\n").first { $0.hasPrefix(key + ":") })
    let digits = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? ""
    return try #require(Int(digits))
}

private let jobSeekersHeader = "id,registered_on,area,placed_on,gender,education,nama\n"

@Suite struct SourceLoaderTests {
    @Test func runningOutOfDescriptorsIsAPassingFailureAMissingFileIsNot() throws {
        var loader = SourceLoader(logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        do {
            _ = try loader.load(source("/nonexistent/naker/ak1.csv"))
            Issue.record("a missing file loaded")
        } catch let error as SourceLoadError {
            #expect(!error.isTransient, "\(error)")
        }
        let outOfDescriptors = SourceLoadError.file(
            source: "ak1", .cannotOpen(path: "/data/ak1.csv", reason: String(cString: strerror(EMFILE))))
        #expect(outOfDescriptors.isTransient)
        #expect(
            SourceLoadError.file(
                source: "ak1", .readFailed(path: "/data/ak1.csv", reason: String(cString: strerror(EAGAIN)))
            )
            .isTransient)
        #expect(
            SourceLoadError.database(source: "db", .connect(driver: "postgresql", reason: "refused"))
                .isTransient)
        #expect(!SourceLoadError.database(source: "db", .deadlineExceeded(driver: "postgresql")).isTransient)
    }

    @Test func loadsAFileWithCounts() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "ak1.csv", jobSeekersHeader + "A1,2024-01-15,Tanta,,L,SMA,Budi\nA1,2024-01-16,Tanta,,L,SMA,Budi\n"
        )
        var loader = SourceLoader(logger: CapturingLogHandler.silent)
        let load = try loader.load(source(path))
        #expect(load.name == "ak1")
        #expect(load.acceptedRows == 1)
        #expect(load.rejectedRows == 1)
        #expect(!load.reusedUnchangedFile)
        #expect(load.fingerprint == (try FileFingerprint(path: path)))
        guard case .jobSeekers(let registrations) = load.data else {
            Issue.record("not job seekers")
            return
        }
        #expect(registrations.validityDays == 730)
        #expect(registrations.total == 1)
    }

    @Test func unchangedFileIsNotReread() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("ak1.csv", jobSeekersHeader + "A1,2024-01-15,Tanta,,L,SMA,Budi\n")
        var loader = SourceLoader(logger: CapturingLogHandler.silent, settleTime: .zero)
        let first = try loader.load(source(path))
        let second = try loader.load(source(path))
        #expect(!first.reusedUnchangedFile)
        #expect(second.reusedUnchangedFile)
        #expect(second.data == first.data)
        #expect(second.acceptedRows == 1)

        // Same size, rewritten in place: the change time still differs.
        try directory.write("ak1.csv", jobSeekersHeader + "A2,2024-01-15,Kelua,,L,SMA,Budi\n")
        let third = try loader.load(source(path))
        #expect(!third.reusedUnchangedFile)
        #expect(third.data != first.data)

        try directory.write("ak1.csv", jobSeekersHeader + "A2,2024-01-15,Kelua,,L,SMA,Budi\nA3,,,,,,\n")
        let fourth = try loader.load(source(path))
        #expect(!fourth.reusedUnchangedFile)
        #expect(fourth.rejectedRows == 1)

        // A changed configuration re-reads an unchanged file.
        let renamed = try loader.load(source(path, columns: ["education": "nama"]))
        #expect(!renamed.reusedUnchangedFile)
        #expect(try loader.load(source(path, columns: ["education": "nama"])).reusedUnchangedFile)

        // The loader holds one source's last load: the first configuration is read again.
        #expect(!(try loader.load(source(path))).reusedUnchangedFile)
    }

    @Test func freshlyChangedFileIsCheckedByItsLastBytes() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("ak1.csv", jobSeekersHeader + "A1,2024-01-15,Tanta,,L,SMA,Budi\n")
        var loader = SourceLoader(logger: CapturingLogHandler.silent, settleTime: .seconds(3600))
        _ = try loader.load(source(path))
        // Within the settle window the fingerprint is not trusted; the same bytes are.
        #expect(try loader.load(source(path)).reusedUnchangedFile)
        let outcome = try CSVReader(path: path).readRecords(resuming: nil) { _ in }
        let end = try #require(outcome?.end)
        #expect(try CSVReader(path: path).endsWith(end))
        try directory.write("ak1.csv", jobSeekersHeader + "A1,2024-01-15,Tanta,,L,SMA,Bude\n")
        #expect(try !CSVReader(path: path).endsWith(end))
    }

    @Test func appendedRowsAreReadOnTheirOwn() throws {
        let directory = try TemporaryDirectory()
        var text = jobSeekersHeader
        for number in 0..<2000 { text += "A\(number),2024-01-15,Tanta,,L,SMA,Budi\n" }
        let path = try directory.write("ak1.csv", text)
        let (logger, logs) = CapturingLogHandler.logger()
        var loader = SourceLoader(logger: logger, settleTime: .zero)
        let first = try loader.load(source(path))
        #expect(first.acceptedRows == 2000)

        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        // A new row, a duplicate of the first file's first id, a bad date, another new row.
        let appended =
            "B1,2024-02-01,Kelua,,P,S1,Sari\nA0,2024-02-01,Kelua,,,,\nB2,2024-13-01,Kelua,,,,\r\nB3,2024-02-02,Kelua,2024-02-03,,,\n"
        try handle.write(contentsOf: Data(appended.utf8))
        try handle.close()

        let second = try loader.load(source(path))
        #expect(!second.reusedUnchangedFile)
        #expect(second.acceptedRows == 2002)
        #expect(second.rejectedRows == 2)
        let loaded = logs.all.filter { $0.message == "source loaded" }
        #expect(loaded.count == 2)
        #expect(loaded.last?.metadata["appended_from"] == String(text.utf8.count))
        let rejected = logs.all.filter { $0.message == "source row rejected" }.map { $0.metadata["line"] }
        #expect(rejected == ["2003", "2004"])

        // The same counts as reading the grown file afresh.
        var fresh = SourceLoader(logger: CapturingLogHandler.silent)
        let whole = try fresh.load(source(path))
        #expect(whole.data == second.data)
        #expect(whole.acceptedRows == second.acceptedRows && whole.rejectedRows == second.rejectedRows)
    }

    @Test func rewrittenOrUnfinishedFilesAreReadWhole() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("ak1.csv", jobSeekersHeader + "A1,2024-01-15,Tanta,,L,SMA,Budi\n")
        let (logger, logs) = CapturingLogHandler.logger()
        var loader = SourceLoader(logger: logger, settleTime: .zero)
        _ = try loader.load(source(path))
        // Longer, but the bytes before the old end changed: not an append.
        try directory.write(
            "ak1.csv", jobSeekersHeader + "A1,2024-01-15,Kelua,,L,SMA,Budi\nA2,2024-01-16,Tanta,,,,\n")
        let rewritten = try loader.load(source(path))
        #expect(rewritten.acceptedRows == 2)
        // An append cut short: read on, but with no line end at the end the last record may go
        // on, so the next read starts over.
        let grown = jobSeekersHeader + "A1,2024-01-15,Kelua,,L,SMA,Budi\nA2,2024-01-16,Tanta,,,,\n"
        try directory.write("ak1.csv", grown + "A3,2024-01")
        #expect(try loader.load(source(path)).rejectedRows == 1)
        try directory.write(
            "ak1.csv",
            jobSeekersHeader
                + "A1,2024-01-15,Kelua,,L,SMA,Budi\nA2,2024-01-16,Tanta,,,,\nA3,2024-01-17,Tanta,,,,\n")
        let finished = try loader.load(source(path))
        #expect(finished.acceptedRows == 3)
        #expect(finished.rejectedRows == 0)
        #expect(
            logs.all.filter { $0.message == "source loaded" }.map { $0.metadata["appended_from"] }
                == [nil, nil, String(grown.utf8.count), nil])
    }

    @Test func fileLevelProblemsThrowClearErrors() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.file("absent.csv")
        let error = try #require(loadError(missing))
        #expect(
            error == .file(source: "ak1", .cannotOpen(path: missing, reason: "No such file or directory")))
        #expect(error.description.contains("source 'ak1'"))
        #expect(error.description.contains(missing))

        #expect(loadError(directory.path) == .file(source: "ak1", .isDirectory(path: directory.path)))

        let empty = try directory.write("empty.csv", "")
        #expect(loadError(empty) == .file(source: "ak1", .noHeader(path: empty)))
    }

    @Test func headerWithoutARequiredColumnThrowsWithoutShowingData() throws {
        let directory = try TemporaryDirectory()
        // No header row at all: the first data row is taken as the header.
        let path = try directory.write("ak1.csv", "NIK3201234567890001,2024-01-15,Tanta\n")
        let error = try #require(loadError(path))
        #expect(
            error == .header(source: "ak1", path: path, line: 1, .missingColumn(column: "id", header: "id")))
        #expect(error.description.contains("columns: { id: <header in file> }"))
        #expect(!error.description.contains("NIK3201234567890001"))
        #expect(!error.description.contains("Tanta"))
    }

    @Test func renamedColumnsAreUsed() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("ak1.csv", "no_kartu,tanggal_daftar,kecamatan\nK1,2024-01-02,Tanta\n")
        var loader = SourceLoader(logger: CapturingLogHandler.silent)
        let load = try loader.load(
            source(path, columns: ["id": "no_kartu", "registered_on": "tanggal_daftar", "area": "kecamatan"]))
        #expect(load.acceptedRows == 1)
        #expect(load.rejectedRows == 0)
    }

    @Test func corruptFileOfRandomBytesIsAClearError() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("ak1.csv", [0x00] + randomBytes(256 * 1024, seed: 1))
        let error = try #require(loadError(path))
        #expect(
            error == .file(source: "ak1", .malformedHeader(path: path, line: 1, problem: .nulByte(field: 1))))
        #expect(error.description.contains("UTF-8"))
    }

    @Test func randomBinaryBetweenGoodRowsOnlyRejectsRows() throws {
        let directory = try TemporaryDirectory()
        // Without quotes, the garbage cannot swallow the rows after it into one quoted field.
        var garbage = randomBytes(64 * 1024, seed: 7, excluding: [UInt8(ascii: "\"")])
        garbage.insert(contentsOf: [0, 0x0A, 0x41, 0x00, 0x0A, 0xFF, 0xFE, 0x0A], at: 100)
        let good = jobSeekersHeader + "A1,2024-01-15,Tanta,,L,SMA,Budi\nA2,2024-01-15,Tanta,,L,SMA,Budi\n"
        let tail = "\nB1,2024-02-15,Tanta,,L,SMA,Budi\nB2,2024-02-15,Tanta,,L,SMA,Budi\n"
        let path = try directory.write("ak1.csv", Array(good.utf8) + garbage + Array(tail.utf8))
        var loader = SourceLoader(logger: CapturingLogHandler.silent)
        let load = try loader.load(source(path))
        #expect(load.acceptedRows == 4)
        #expect(load.rejectedRows > 100)
        // Every physical line of the garbage is at most one rejected row.
        let lineEnds = garbage.filter { $0 == 0x0A || $0 == 0x0D }.count
        #expect(load.rejectedRows <= lineEnds + 1)
    }

    @Test func truncatedFilesRejectOnlyTheCutRow() throws {
        let directory = try TemporaryDirectory()
        let rows = jobSeekersHeader + "A1,2024-01-15,Tanta,,L,SMA,Budi\nA2,2024-01-15,Tanta,,L,SMA,\"Siti\n"
        let insideQuotes = try directory.write("quoted.csv", rows + "Ami")
        var loader = SourceLoader(logger: CapturingLogHandler.silent)
        let quoted = try loader.load(source(insideQuotes))
        #expect(quoted.acceptedRows == 1)
        #expect(quoted.rejectedRows == 1)

        let (logger, store) = CapturingLogHandler.logger()
        var logged = SourceLoader(logger: logger)
        let midRow = try directory.write(
            "row.csv", jobSeekersHeader + "A1,2024-01-15,Tanta,,L,SMA,Budi\nA2,2024-0")
        let cut = try logged.load(source(midRow))
        #expect(cut.acceptedRows == 1)
        #expect(cut.rejectedRows == 1)
        let rejection = try #require(store.all.first { $0.message == "source row rejected" })
        #expect(rejection.metadata["line"] == "3")
        #expect(
            rejection.metadata["reason"] == RowRejection.Reason.fieldCount(expected: 7, found: 2).description)

        let (quotedLogger, quotedStore) = CapturingLogHandler.logger()
        var quotedLoader = SourceLoader(logger: quotedLogger)
        _ = try quotedLoader.load(source(insideQuotes))
        let unterminated = try #require(quotedStore.all.first { $0.message == "source row rejected" })
        #expect(unterminated.metadata["line"] == "3")
        #expect(unterminated.metadata["reason"] == CSVRecordProblem.unterminatedQuote.description)
    }

    @Test func wronglyEncodedFiles() throws {
        let directory = try TemporaryDirectory()
        // Latin-1 in a name nobody reads costs nothing; in the district the counts are grouped by,
        // the row is rejected and the message says how to save or configure the file.
        let latin1 =
            Array((jobSeekersHeader + "A1,2024-01-15,Tanta,,L,SMA,Jos").utf8) + [0xE9]
            + Array("\nA2,2024-01-15,Ta".utf8) + [0xF1]
            + Array("jung,,L,SMA,Budi\nA3,2024-01-15,Tanta,,L,SMA,Budi\n".utf8)
        let latin1Path = try directory.write("latin1.csv", latin1)
        let (logger, store) = CapturingLogHandler.logger()
        var loader = SourceLoader(logger: logger)
        let load = try loader.load(source(latin1Path))
        #expect(load.acceptedRows == 2)
        #expect(load.rejectedRows == 1)
        let rejection = try #require(store.all.first { $0.message == "source row rejected" })
        #expect(rejection.metadata["line"] == "3")
        #expect(rejection.metadata["reason"] == CSVRecordProblem.invalidUTF8(field: 3).description)
        #expect(rejection.metadata["reason"]?.description.contains("encoding: windows-1252") == true)

        // The same file declared as Excel's Windows "CSV": every row reads, "Tañjung" as itself.
        var windows = SourceLoader(logger: logger)
        let declared = SourceConfig(
            name: "ak1", dataset: .jobSeekers,
            location: .csv(CSVLocation(path: latin1Path, encoding: .windows1252)))
        let decoded = try windows.load(declared)
        #expect(decoded.acceptedRows == 3 && decoded.rejectedRows == 0)
        guard case .jobSeekers(let registrations) = decoded.data else {
            Issue.record("not job seekers")
            return
        }
        #expect(registrations.registered.groups.contains(["Tañjung", "L", "SMA"]))

        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in (jobSeekersHeader + "A1,2024-01-15,Tanta,,L,SMA,Budi\n").utf16 {
            utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let utf16Path = try directory.write("utf16.csv", utf16)
        let error = try #require(loadError(utf16Path))
        #expect(error == .file(source: "ak1", .unsupportedEncoding(path: utf16Path, encoding: "UTF-16 LE")))
        #expect(error.description.contains("save it as \"CSV UTF-8\""))
    }

    @Test func gigabyteSingleLineFileIsRejectedInBoundedMemory() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("huge.csv")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        defer { unlink(path) }
        let header = Array("id,registered_on,area\n".utf8)
        let block = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20).enumerated().map { index, byte in
            index % 64 == 63 ? UInt8(ascii: ",") : byte
        }
        var written = write(descriptor, header, header.count)
        for _ in 0..<1024 { written += block.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } }
        close(descriptor)
        try #require(written == header.count + 1024 * block.count)

        #if os(Linux)
            // Resets the peak resident size (VmHWM) to the current one.
            try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
            let residentBefore = try procStatus("VmRSS")
        #endif
        let clock = ContinuousClock()
        let (logger, store) = CapturingLogHandler.logger()
        var loader = SourceLoader(logger: logger)
        var load: SourceLoad?
        let elapsed = try clock.measure { load = try loader.load(source(path, .entrepreneurs)) }
        var growth = "unmeasured"
        #if os(Linux)
            let peak = try procStatus("VmHWM")
            growth = "\(peak - residentBefore) KiB"
            #expect(peak - residentBefore < 64 * 1024, "peak grew by \(growth)")
        #endif
        #expect(load?.acceptedRows == 0)
        #expect(load?.rejectedRows == 1)
        let rejection = try #require(store.all.first { $0.message == "source row rejected" })
        #expect(rejection.metadata["line"] == "2")
        #expect(rejection.metadata["reason"] == CSVRecordProblem.tooLong(limit: 1 << 20).description)
        #expect(elapsed < .seconds(60))
        print("1 GB single-line load took \(elapsed), peak resident size grew by \(growth)")
    }

    @Test func logsCarryFileAndLineButNoFieldValues() throws {
        let directory = try TemporaryDirectory()
        var text = jobSeekersHeader
        text += "NIK3201234567890001,2024-01-15,Tanta,,L,SMA,Budi Santoso\n"
        text += "NIK3201234567890001,2024-01-16,Tanta,,L,SMA,Budi Santoso\n"
        text += "NIK3201234567890002,31/12/2024,Tanta,,P,S1,Siti Aminah\n"
        text += "NIK3201234567890003,2024-01-15,Tanta,2023-01-01,P,S1,Dewi Lestari\n"
        // A stray quote in the district (a column the counts are grouped by) and in the name.
        text += "NIK3201234567890004,2024-01-15,Tan\"ta,,P,S1,\"Rina \"Cantik\"\n"
        for number in 10..<35 { text += "NIK32012345678900\(number),2024-13-45,Tanta,,P,S1,Agus Salim\n" }
        let path = try directory.write("ak1.csv", text)
        let (logger, store) = CapturingLogHandler.logger()
        var loader = SourceLoader(logger: logger)
        let load = try loader.load(source(path))
        #expect(load.acceptedRows == 1)
        #expect(load.rejectedRows == 29)

        let entries = store.all
        let secrets = [
            "NIK32012345", "Budi", "Santoso", "Siti", "Aminah", "Dewi", "Rina", "Cantik", "Agus", "31/12",
            "2024-13-45",
        ]
        for entry in entries {
            let texts = [entry.message] + entry.metadata.keys + entry.metadata.values
            for secret in secrets {
                #expect(!texts.contains { $0.contains(secret) }, "\(secret) logged in \(entry.message)")
            }
        }

        let rejected = entries.filter { $0.message == "source row rejected" }
        #expect(rejected.count == 29)
        #expect(rejected.prefix(20).allSatisfy { $0.level == .warning })
        #expect(rejected.dropFirst(20).allSatisfy { $0.level == .debug })
        #expect(rejected.allSatisfy { $0.metadata["file"] == path && $0.metadata["source"] == "ak1" })
        #expect(rejected.compactMap { $0.metadata["line"] } == (3...31).map(String.init))

        let summary = try #require(entries.first { $0.message == "source rows rejected" })
        #expect(summary.level == .warning)
        #expect(summary.metadata["rejected"] == "29")
        #expect(summary.metadata["accepted"] == "1")
        #expect(
            summary.metadata["reasons"]
                == "bad_date=26 duplicate_id=1 malformed_csv=1 placed_before_registered=1")
        let loaded = try #require(entries.first { $0.message == "source loaded" })
        #expect(loaded.level == .info)
        #expect(loaded.metadata["accepted"] == "1")
        #expect(loaded.metadata["rejected"] == "29")
    }
}
