import NakerConfig

/// The CSV state machine: takes the file chunk by chunk and emits one event per record.
///
/// A record's field bytes are kept in one flat buffer with the end offset of each field, so a
/// record costs two arrays however many fields it has. Past `maxRecordBytes` the buffer is
/// dropped and the rest of the record is only scanned for its end (see `+Skipping`).
struct CSVRecordScanner: Sendable {
    enum State: Sendable {
        case fieldStart
        case unquoted
        case quoted
        /// Just after a `"` inside a quoted field: an escaped quote or the closing one.
        case quoteInQuoted
    }

    static let quote = UInt8(ascii: "\"")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    let delimiter: UInt8
    let maxRecordBytes: Int
    var state = State.fieldStart
    /// False between records, where line ends are blank lines.
    var inRecord = false
    /// The last byte consumed was a CR, so an LF right after it ends the same line.
    var afterCarriageReturn = false
    /// The physical line of the next byte.
    var line = 1
    var recordLine = 1
    var bytes: [UInt8] = []
    var fieldEnds: [Int] = []
    /// A problem of the whole record: it is delivered as `.malformed`, without fields.
    var problem: CSVRecordProblem?
    /// Problems of single fields, at most one per field in field order: the record is still
    /// delivered, and only a reader that uses such a field rejects it.
    var fieldProblems: [CSVRecordProblem] = []
    /// How the fields are text; a UTF-8 byte-order mark at the start of the file makes it UTF-8.
    var encoding: TextEncoding
    /// The record is over the limit: its bytes are no longer kept.
    var skipping = false

    /// At a record boundary: bytes appended from here on start a new record.
    var isBetweenRecords: Bool { !inRecord }

    /// In the state a new scanner starts in, but for the line count: what a part of the file
    /// read from a line start assumed (see `CSVPartsLoad`).
    var isAtLineStart: Bool { !inRecord && !afterCarriageReturn && state == .fieldStart }

    /// Counts lines as if `lines` more had come before.
    mutating func shiftLines(by lines: Int) {
        line += lines
        recordLine += lines
    }

    init(delimiter: UInt8, maxRecordBytes: Int, encoding: TextEncoding = .utf8) {
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
        self.encoding = encoding
    }

    mutating func consume(
        _ chunk: UnsafeRawBufferPointer, _ emit: (CSVReader.RawEvent) throws -> Void
    ) rethrows {
        var index = 0
        while index < chunk.count {
            switch state {
            case .fieldStart:
                if !inRecord, let next = try scanPlainRecord(chunk, from: index, emit) {
                    index = next
                } else {
                    index = startField(chunk, at: index)
                }
            case .unquoted:
                index = skipping ? skipUnquoted(chunk, from: index) : scanUnquoted(chunk, from: index)
                guard index < chunk.count, state == .unquoted else { continue }
                index += 1
                try unquotedSpecial(chunk[index - 1], emit)
            case .quoted:
                index = skipping ? skipQuoted(chunk, from: index) : scanQuoted(chunk, from: index)
                guard index < chunk.count else { continue }
                index += 1
                quotedSpecial(chunk[index - 1])
            case .quoteInQuoted:
                let byte = chunk[index]
                if byte == Self.quote {
                    index += 1
                    append(byte)
                    state = .quoted
                } else if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn {
                    state = .unquoted  // ends the field or record like an unquoted field does
                } else {
                    note(.textAfterClosingQuote(field: fieldEnds.count + 1))
                    state = .unquoted
                }
            }
        }
    }

    /// At end of file: emits the last record if it had no line end.
    mutating func finish(_ emit: (CSVReader.RawEvent) throws -> Void) rethrows {
        guard inRecord else { return }
        if state == .quoted {
            // Explains better than any earlier problem why the record ran to the end.
            problem = .unterminatedQuote
        }
        try endRecord(emit)
    }

    /// A record without quotes or NULs that ends in this chunk is handed over in place, with
    /// no byte copied. Returns nil, having consumed nothing, for any other record.
    private mutating func scanPlainRecord(
        _ chunk: UnsafeRawBufferPointer, from start: Int, _ emit: (CSVReader.RawEvent) throws -> Void
    ) rethrows -> Int? {
        guard chunk[start] != Self.lineFeed, chunk[start] != Self.carriageReturn else { return nil }
        // Ends found so far are dropped when the state machine has to take over.
        defer { fieldEnds.removeAll(keepingCapacity: true) }
        var index = start
        var end = -1
        let delimiters = UInt64(delimiter) &* Self.everyByte
        while index < chunk.count {
            // Eight bytes at a time up to the next delimiter or byte at or below the quote.
            while index + 8 <= chunk.count {
                let word = chunk.loadUnaligned(fromByteOffset: index, as: UInt64.self).littleEndian
                let special = Self.zeroBytes(word ^ delimiters) | Self.bytesBelow(word, 0x23)
                if special == 0 {
                    index += 8
                } else {
                    index += special.trailingZeroBitCount / 8
                    break
                }
            }
            guard index < chunk.count else { break }
            let byte = chunk[index]
            // Every special byte but the delimiter is at or below the quote.
            if byte > Self.quote && byte != delimiter {
                index += 1
            } else if byte == delimiter {
                fieldEnds.append(index - start)
                index += 1
            } else if byte == Self.lineFeed {
                end = index
                index += 1
                break
            } else if byte == Self.carriageReturn {
                guard index + 1 < chunk.count, chunk[index + 1] == Self.lineFeed else { return nil }
                end = index
                index += 2
                break
            } else if byte == Self.quote || byte == 0 {
                return nil
            } else {
                index += 1
            }
        }
        guard end >= 0, end - start <= maxRecordBytes else { return nil }
        fieldEnds.append(end - start)
        let record = UnsafeRawBufferPointer(rebasing: chunk[start..<end])
        try fieldEnds.withUnsafeBufferPointer { ends in
            try emit(
                .record(
                    CSVRecordView(
                        line: line, bytes: record, fieldEnds: ends, separator: delimiter, encoding: encoding))
            )
        }
        line += 1
        afterCarriageReturn = false
        return index
    }

    private static let everyByte: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// High bit set in each zero byte; exact for the lowest one, the only one used.
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- everyByte) & ~word & highBits
    }

    /// High bit set in each byte below `limit` (at most 0x80); exact for the lowest one.
    private static func bytesBelow(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        (word &- UInt64(limit) &* everyByte) & ~word & highBits
    }

    private mutating func startField(_ chunk: UnsafeRawBufferPointer, at index: Int) -> Int {
        let byte = chunk[index]
        if !inRecord {
            if byte == Self.lineFeed {
                if afterCarriageReturn { afterCarriageReturn = false } else { line += 1 }
                return index + 1
            }
            if byte == Self.carriageReturn {
                line += 1
                afterCarriageReturn = true
                return index + 1
            }
            inRecord = true
            recordLine = line
        }
        afterCarriageReturn = false
        if byte == Self.quote {
            state = .quoted
            return index + 1
        }
        state = .unquoted
        return index
    }

    /// Handles the byte that stopped an unquoted scan.
    private mutating func unquotedSpecial(
        _ byte: UInt8, _ emit: (CSVReader.RawEvent) throws -> Void
    ) rethrows {
        if byte == delimiter {
            endField()
            state = .fieldStart
        } else if byte == Self.lineFeed || byte == Self.carriageReturn {
            afterCarriageReturn = byte == Self.carriageReturn
            line += 1
            try endRecord(emit)
        } else if byte == Self.quote {
            note(.strayQuote(field: fieldEnds.count + 1))
            append(byte)
        } else {
            note(.nulByte(field: fieldEnds.count + 1))
        }
    }

    /// Handles the byte that stopped a quoted scan; line ends inside quotes are field content.
    private mutating func quotedSpecial(_ byte: UInt8) {
        if byte == Self.quote {
            state = .quoteInQuoted
            afterCarriageReturn = false
        } else if byte == Self.lineFeed {
            if !afterCarriageReturn { line += 1 }
            afterCarriageReturn = false
            append(byte)
        } else if byte == Self.carriageReturn {
            line += 1
            afterCarriageReturn = true
            append(byte)
        } else {
            afterCarriageReturn = false
            note(.nulByte(field: fieldEnds.count + 1))
        }
    }

    /// Returns the index of the next delimiter, quote, line end or NUL, keeping the bytes before it.
    private mutating func scanUnquoted(_ chunk: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start
        while index < chunk.count {
            let byte = chunk[index]
            if byte == delimiter || byte == Self.quote || byte == Self.lineFeed
                || byte == Self.carriageReturn || byte == 0
            {
                break
            }
            index += 1
        }
        append(chunk, start..<index)
        return index
    }

    /// Returns the index of the next quote, line end or NUL, keeping the bytes before it.
    private mutating func scanQuoted(_ chunk: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start
        while index < chunk.count {
            let byte = chunk[index]
            if byte == Self.quote || byte == Self.lineFeed || byte == Self.carriageReturn || byte == 0 {
                break
            }
            index += 1
        }
        if index > start {
            afterCarriageReturn = false
            append(chunk, start..<index)
        }
        return index
    }
}

extension CSVRecordScanner {
    /// Bytes the record holds so far: field content plus one per field boundary.
    private var recordSize: Int { bytes.count + fieldEnds.count }

    mutating func append(_ chunk: UnsafeRawBufferPointer, _ range: Range<Int>) {
        guard !skipping, !range.isEmpty else { return }
        guard recordSize + range.count <= maxRecordBytes else { return startSkipping() }
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[range]))
    }

    mutating func append(_ byte: UInt8) {
        guard !skipping else { return }
        guard recordSize + 1 <= maxRecordBytes else { return startSkipping() }
        bytes.append(byte)
    }

    mutating func endField() {
        guard !skipping else { return }
        guard recordSize + 1 <= maxRecordBytes else { return startSkipping() }
        fieldEnds.append(bytes.count)
    }

    /// Keeps the first problem of the record, or of the field; the record is still read to its end.
    mutating func note(_ found: CSVRecordProblem) {
        if let field = found.field {
            if fieldProblems.last?.field != field { fieldProblems.append(found) }
        } else if problem == nil {
            problem = found
        }
    }

    mutating func endRecord(_ emit: (CSVReader.RawEvent) throws -> Void) rethrows {
        if !skipping { fieldEnds.append(bytes.count) }
        if let problem {
            try emit(.malformed(line: recordLine, problem: problem))
        } else {
            try bytes.withUnsafeBytes { bytes in
                try fieldEnds.withUnsafeBufferPointer { ends in
                    try emit(
                        .record(
                            CSVRecordView(
                                line: recordLine, bytes: bytes, fieldEnds: ends, encoding: encoding,
                                problems: fieldProblems)))
                }
            }
        }
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        problem = nil
        fieldProblems.removeAll(keepingCapacity: true)
        skipping = false
        inRecord = false
        state = .fieldStart
    }

    private mutating func startSkipping() {
        note(.tooLong(limit: maxRecordBytes))
        skipping = true
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Over-long records: find their end with `memchr`, which stays fast even in debug builds
/// where a byte loop over a gigabyte would take minutes.
extension CSVRecordScanner {
    /// Skips to the next quote or line end of an unquoted field; a delimiter right before a
    /// quote makes that quote open a quoted field, as at any field start.
    mutating func skipUnquoted(_ chunk: UnsafeRawBufferPointer, from start: Int) -> Int {
        let quote = Self.find(Self.quote, in: chunk, start..<chunk.count)
        let lineFeed = Self.find(Self.lineFeed, in: chunk, start..<quote)
        let stop = Self.find(Self.carriageReturn, in: chunk, start..<lineFeed)
        if stop > start && chunk[stop - 1] == delimiter { state = .fieldStart }
        return stop
    }

    /// Skips to the next quote of a quoted field, counting the line ends on the way.
    mutating func skipQuoted(_ chunk: UnsafeRawBufferPointer, from start: Int) -> Int {
        let stop = Self.find(Self.quote, in: chunk, start..<chunk.count)
        guard stop > start else { return stop }
        var breaks = Self.occurrences(of: Self.lineFeed, in: chunk, start..<stop)
        var position = start
        while position < stop {
            let carriageReturn = Self.find(Self.carriageReturn, in: chunk, position..<stop)
            guard carriageReturn < stop else { break }
            // A CR counts as a line end; an LF right after it was already counted as one.
            if carriageReturn + 1 >= stop || chunk[carriageReturn + 1] != Self.lineFeed { breaks += 1 }
            position = carriageReturn + 1
        }
        if afterCarriageReturn && chunk[start] == Self.lineFeed { breaks -= 1 }
        line += breaks
        afterCarriageReturn = chunk[stop - 1] == Self.carriageReturn
        return stop
    }

    /// Index of the first `byte` in `range`, or `range.upperBound`.
    private static func find(_ byte: UInt8, in chunk: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int {
        guard !range.isEmpty, let base = chunk.baseAddress else { return range.upperBound }
        guard let hit = memchr(base + range.lowerBound, Int32(byte), range.count) else {
            return range.upperBound
        }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    private static func occurrences(
        of byte: UInt8, in chunk: UnsafeRawBufferPointer, _ range: Range<Int>
    ) -> Int {
        var count = 0
        var position = range.lowerBound
        while position < range.upperBound {
            let hit = find(byte, in: chunk, position..<range.upperBound)
            guard hit < range.upperBound else { break }
            count += 1
            position = hit + 1
        }
        return count
    }
}

/// One record as the scanner holds it: each field's bytes (quotes removed, `""` undone) and
/// where it ends. Points into the scanner's buffer, so it is valid only during the call that
/// receives it; nothing is decoded until a caller asks for text.
public struct CSVRecordView {
    /// The 1-based physical line where the record starts.
    public let line: Int
    let bytes: UnsafeRawBufferPointer
    let fieldEnds: UnsafeBufferPointer<Int>
    /// The delimiter when `bytes` still has one between fields (a record read in place), else
    /// nil (fields copied out back to back).
    let separator: UInt8?
    let encoding: TextEncoding
    /// What the scanner found wrong in single fields (a stray quote, a NUL), in field order.
    let problems: [CSVRecordProblem]

    init(
        line: Int, bytes: UnsafeRawBufferPointer, fieldEnds: UnsafeBufferPointer<Int>,
        separator: UInt8? = nil,
        encoding: TextEncoding = .utf8, problems: [CSVRecordProblem] = []
    ) {
        self.line = line
        self.bytes = bytes
        self.fieldEnds = fieldEnds
        self.separator = separator
        self.encoding = encoding
        self.problems = problems
    }

    public var fieldCount: Int { fieldEnds.count }

    func field(_ index: Int) -> UnsafeRawBufferPointer {
        let start = index == 0 ? 0 : fieldEnds[index - 1] + (separator == nil ? 0 : 1)
        return UnsafeRawBufferPointer(rebasing: bytes[start..<fieldEnds[index]])
    }

    /// All bytes below 0x80: every field is valid UTF-8 and byte-wise parsing needs no decoding.
    var isASCII: Bool {
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        var seen: UInt64 = 0
        while index + 8 <= bytes.count {
            seen |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            seen |= UInt64(bytes[index])
            index += 1
        }
        return seen & highBits == 0
    }

    /// Every field spaces and tabs only (a spreadsheet's `;;;;`).
    var isBlank: Bool {
        bytes.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == separator }
    }

    /// Why the 0-based field cannot be used as text: a problem the scanner found in it, or bytes
    /// that are not text in the file's encoding. nil when it reads.
    func problem(inField index: Int) -> CSVRecordProblem? {
        if let found = problems.first(where: { $0.field == index + 1 }) { return found }
        guard !FieldBytes.isReadable(field(index), encoding) else { return nil }
        return .invalidUTF8(field: index + 1)
    }

    /// `bytes`, part of one of this record's fields, as text in the file's encoding.
    func text(_ bytes: UnsafeRawBufferPointer) -> String {
        FieldBytes.text(bytes, encoding)
    }

    /// All fields as text, or the first problem in any of them.
    public func strings() -> Result<[String], CSVRecordProblem> {
        if let first = problems.first { return .failure(first) }
        // Most records are ASCII, where decoding needs no validation; the general validating
        // initializer is much slower per field.
        let ascii = isASCII
        var fields: [String] = []
        fields.reserveCapacity(fieldCount)
        for position in 0..<fieldCount {
            if !ascii, let problem = problem(inField: position) { return .failure(problem) }
            fields.append(ascii ? String(decoding: field(position), as: UTF8.self) : text(field(position)))
        }
        return .success(fields)
    }

    /// The event the string-based reader delivers for this record: any problem makes it malformed.
    var event: CSVReader.Event {
        switch strings() {
        case .success(let fields): .record(line: line, fields: fields)
        case .failure(let problem): .malformed(line: line, problem: problem)
        }
    }
}

/// Why one CSV record could not be read. Carries positions only, never field contents.
public enum CSVRecordProblem: Error, Hashable, Sendable {
    /// The 1-based field holds bytes that are not UTF-8 (often Latin-1 or Windows-1252).
    case invalidUTF8(field: Int)
    /// A quoted field was still open at the end of the file.
    case unterminatedQuote
    /// A `"` inside a field that does not start with one.
    case strayQuote(field: Int)
    /// Something other than a delimiter or line end after a closing quote.
    case textAfterClosingQuote(field: Int)
    /// The record is longer than the reader's limit (field bytes plus delimiters).
    case tooLong(limit: Int)
    /// A NUL byte: the file is binary or UTF-16/UTF-32 without a BOM.
    case nulByte(field: Int)
    /// A workbook cell holding a formula error (`#N/A`, `#REF!`, `#DIV/0!`).
    case cellError(field: Int, value: String)
    /// A workbook cell pointing at a shared string the workbook does not have.
    case missingSharedString(field: Int)
    /// A JSON record whose value under `key` is an object or array, not a string or number.
    case nestedValue(field: Int, key: String)
}

extension CSVRecordProblem {
    /// The 1-based field a problem is in; nil for a problem of the whole record.
    var field: Int? {
        switch self {
        case .invalidUTF8(let field), .strayQuote(let field), .textAfterClosingQuote(let field),
            .nulByte(let field), .cellError(let field, _), .missingSharedString(let field),
            .nestedValue(let field, _):
            field
        case .unterminatedQuote, .tooLong: nil
        }
    }
}

extension CSVRecordProblem: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidUTF8(let field):
            "field \(field) is not valid UTF-8; save the file as \"CSV UTF-8\", or set `encoding: windows-1252` "
                + "if Excel saved it as plain \"CSV\""
        case .unterminatedQuote:
            "a quoted field is still open at the end of the file; the file looks truncated, export it again"
        case .strayQuote(let field):
            "field \(field) has a quote inside an unquoted value; quote the whole field and double inner quotes"
        case .textAfterClosingQuote(let field):
            "field \(field) has text after its closing quote; double any quote inside a quoted field"
        case .tooLong(let limit):
            "the record is longer than \(limit) bytes; check for an unbalanced quote or split the row"
        case .nulByte(let field):
            "field \(field) contains a NUL byte; the file is binary or UTF-16, save it as \"CSV UTF-8\""
        case .cellError(let field, let value):
            "the cell in column \(CellReference.letters(field - 1)) holds the formula error \(value); correct the formula "
                + "or type the value"
        case .missingSharedString(let field):
            "the cell in column \(CellReference.letters(field - 1)) refers to a text the workbook does not hold; "
                + "the workbook is damaged, save it again"
        case .nestedValue(_, let key):
            "the value of \"\(key)\" is an object or a list, not a text or number; point records_path at "
                + "the array of flat records"
        }
    }
}
