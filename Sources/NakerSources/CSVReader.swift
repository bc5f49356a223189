import NakerConfig

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streaming RFC 4180 reader: reads the file in fixed chunks, so memory does not grow with file size.
///
/// File-level problems are thrown as `CSVReaderError`; a bad record is delivered as a
/// `.malformed` event and reading goes on with the next one.
public struct CSVReader: Sendable {
    public var path: String
    public var delimiter: UInt8
    /// How the fields are text; a UTF-8 byte-order mark overrides it, as browsers do.
    public var encoding: TextEncoding
    /// Longest record accepted, counting field bytes and delimiters; longer ones are skipped.
    public var maxRecordBytes: Int
    /// Bytes per `read(2)`; tests use tiny chunks to exercise chunk boundaries.
    public var chunkBytes: Int
    /// Past this the read stops with `deadlineExceeded` (checked at every chunk), so a file that
    /// keeps growing faster than it is read cannot hold a load forever.
    public var deadline: ContinuousClock.Instant?

    public init(
        path: String, delimiter: UInt8 = UInt8(ascii: ","), encoding: TextEncoding = .utf8,
        maxRecordBytes: Int = 1 << 20, chunkBytes: Int = 1 << 16
    ) {
        self.path = path
        self.delimiter = delimiter
        self.encoding = encoding
        self.maxRecordBytes = max(1, maxRecordBytes)
        // A zero-byte read would look like the end of the file.
        self.chunkBytes = max(1, chunkBytes)
    }

    /// Calls `body` for every record in file order, the header row first.
    ///
    /// - Returns: the fingerprint of the file as opened, taken before any byte was read, so a
    ///   change made while reading shows up as a different fingerprint next time.
    @discardableResult
    public func read(_ body: (Event) throws -> Void) throws -> FileFingerprint {
        try readRecords { event in
            switch event {
            case .record(let record): try body(record.event)
            case .malformed(let line, let problem): try body(.malformed(line: line, problem: problem))
            }
        }
    }

    /// Like `read`, but hands over each record undecoded; the view is valid only during `body`.
    @discardableResult
    public func readRecords(_ body: (RawEvent) throws -> Void) throws -> FileFingerprint {
        // Without an end to resume from, a read always happens.
        try readRecords(resuming: nil, body)!.fingerprint
    }

    /// Reads the whole file, or with `end` only the bytes appended after it.
    ///
    /// - Returns: nil, before any event, when `end` is given but the file is not the one read
    ///   then with bytes added (it shrank, or its last bytes before `end` differ).
    public func readRecords(resuming end: CSVReadEnd?, _ body: (RawEvent) throws -> Void) throws
        -> CSVReadOutcome?
    {
        try checkDelimiter()
        let file = try ReadableFile(path: path)
        let fingerprint = try file.fingerprint()
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(chunkBytes, CSVReadEnd.tailBytes), alignment: 1)
        defer { buffer.deallocate() }

        var scanner: CSVRecordScanner
        var header: HeaderCheck
        var offset: Int64
        var tail: [UInt8] = []
        if let end {
            guard fingerprint.size > end.offset else { return nil }
            let read = try file.read(
                into: buffer, at: end.offset - Int64(end.tail.count), limit: end.tail.count,
                minimum: end.tail.count)
            guard read == end.tail.count, buffer.prefix(read).elementsEqual(end.tail) else { return nil }
            (scanner, header, offset, tail) = (
                end.scanner, HeaderCheck(path: path, seen: true), end.offset, end.tail
            )
        } else {
            let start = try dataStart(file)
            scanner = CSVRecordScanner(
                delimiter: delimiter, maxRecordBytes: maxRecordBytes, encoding: start.encoding)
            (header, offset) = (HeaderCheck(path: path, seen: false), start.offset)
        }
        offset = try pump(file, from: offset, to: nil, &scanner, &tail, buffer) {
            try header.deliver($0, body)
        }
        let resumable =
            scanner.isBetweenRecords ? CSVReadEnd(scanner: scanner, offset: offset, tail: tail) : nil
        try scanner.finish { try header.deliver($0, body) }
        guard header.seen else { throw CSVReaderError.noHeader(path: path) }
        return CSVReadOutcome(fingerprint: fingerprint, end: resumable)
    }

    func checkDelimiter() throws(CSVReaderError) {
        guard delimiter < 0x80, ![0, 0x0A, 0x0D, 0x22].contains(delimiter) else {
            throw .unusableDelimiter(delimiter)
        }
    }

    /// Where the records start (after a UTF-8 byte-order mark) and how their text is encoded:
    /// only UTF-8 has a mark of three bytes, so with one the file is UTF-8 whatever the config says.
    func dataStart(_ file: borrowing ReadableFile) throws -> (offset: Int64, encoding: TextEncoding) {
        var prefix = [UInt8](repeating: 0, count: 4)
        let count = try prefix.withUnsafeMutableBytes { try file.read(into: $0, at: 0, limit: 4, minimum: 4) }
        let start = try skipByteOrderMark(prefix.prefix(count))
        return (Int64(start), start == 3 ? .utf8 : encoding)
    }

    /// Feeds the bytes from `start` up to `limit` (nil: the end of the file) to `scanner`, a
    /// `chunkBytes` read at a time; returns the offset reached. Positioned reads, so that
    /// several threads can read one descriptor.
    func pump(
        _ file: borrowing ReadableFile, from start: Int64, to limit: Int64?,
        _ scanner: inout CSVRecordScanner,
        _ tail: inout [UInt8], _ buffer: UnsafeMutableRawBufferPointer, _ deliver: (RawEvent) throws -> Void
    ) throws -> Int64 {
        var offset = start
        while true {
            if let deadline, ContinuousClock.now >= deadline {
                throw CSVReaderError.deadlineExceeded(path: path)
            }
            let wanted = limit.map { Int(min(Int64(chunkBytes), $0 - offset)) } ?? chunkBytes
            guard wanted > 0 else { break }
            let count = try file.read(into: buffer, at: offset, limit: wanted, minimum: 1)
            guard count > 0 else { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            try scanner.consume(chunk, deliver)
            offset += Int64(count)
            CSVReadEnd.keepTail(&tail, chunk)
        }
        return offset
    }

    /// Whether the file is exactly `end.offset` bytes long and ends with the bytes read then.
    func endsWith(_ end: CSVReadEnd) throws(CSVReaderError) -> Bool {
        let file = try ReadableFile(path: path)
        guard try file.fingerprint().size == end.offset else { return false }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, end.tail.count), alignment: 1)
        defer { buffer.deallocate() }
        let read = try file.read(
            into: buffer, at: end.offset - Int64(end.tail.count), limit: end.tail.count,
            minimum: end.tail.count)
        return read == end.tail.count && buffer.prefix(read).elementsEqual(end.tail)
    }

    /// Returns how many leading bytes are a UTF-8 BOM; throws for UTF-16 and UTF-32 ones.
    private func skipByteOrderMark(_ prefix: ArraySlice<UInt8>) throws -> Int {
        let bytes = Array(prefix)
        func starts(with mark: [UInt8]) -> Bool { bytes.starts(with: mark) }
        let encoding: String
        if starts(with: [0xEF, 0xBB, 0xBF]) {
            return 3
        } else if starts(with: [0xFF, 0xFE, 0x00, 0x00]) {
            encoding = "UTF-32 LE"
        } else if starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            encoding = "UTF-32 BE"
        } else if starts(with: [0xFF, 0xFE]) {
            encoding = "UTF-16 LE"
        } else if starts(with: [0xFE, 0xFF]) {
            encoding = "UTF-16 BE"
        } else {
            return 0
        }
        throw CSVReaderError.unsupportedEncoding(path: path, encoding: encoding)
    }
}

extension CSVReader {
    /// One record of the file; `line` is the 1-based physical line where the record starts.
    public enum Event: Hashable, Sendable {
        case record(line: Int, fields: [String])
        case malformed(line: Int, problem: CSVRecordProblem)

        public var line: Int {
            switch self {
            case .record(let line, _), .malformed(let line, _): line
            }
        }
    }

    /// A record before decoding, for callers that parse bytes themselves.
    public enum RawEvent {
        case record(CSVRecordView)
        case malformed(line: Int, problem: CSVRecordProblem)

        public var line: Int {
            switch self {
            case .record(let record): record.line
            case .malformed(let line, _): line
            }
        }
    }
}

/// Where a read stopped between records, so that bytes appended later can be read on their
/// own: the scanner's state (line numbers go on) and the last bytes before that point, which
/// tell a file that grew from one that was rewritten.
public struct CSVReadEnd: Sendable {
    static let tailBytes = 4096

    var scanner: CSVRecordScanner
    /// Bytes of the file read so far, a byte-order mark included.
    public let offset: Int64
    let tail: [UInt8]

    /// Keeps the last `tailBytes` bytes of everything passed in so far.
    static func keepTail(_ tail: inout [UInt8], _ chunk: UnsafeRawBufferPointer) {
        if chunk.count >= tailBytes {
            tail = Array(chunk.suffix(tailBytes))
        } else {
            tail.append(contentsOf: chunk)
            if tail.count > tailBytes { tail.removeFirst(tail.count - tailBytes) }
        }
    }
}

/// What a read found: the file as opened, and where to resume when it ended between records.
public struct CSVReadOutcome: Sendable {
    public let fingerprint: FileFingerprint
    public let end: CSVReadEnd?
}

/// A problem with a CSV file as a whole: nothing of it can be used.
public enum CSVReaderError: Error, Hashable, Sendable {
    case cannotOpen(path: String, reason: String)
    case isDirectory(path: String)
    /// A device, FIFO or socket: it may never end or block forever, so only regular files are read.
    case notRegularFile(path: String, kind: String)
    /// The load took longer than the source's `timeout`.
    case deadlineExceeded(path: String)
    case readFailed(path: String, reason: String)
    /// The file starts with a UTF-16 or UTF-32 byte-order mark.
    case unsupportedEncoding(path: String, encoding: String)
    /// No header row: the file is empty or holds only blank lines.
    case noHeader(path: String)
    case malformedHeader(path: String, line: Int, problem: CSVRecordProblem)
    /// The configured delimiter cannot separate fields.
    case unusableDelimiter(UInt8)
}

extension CSVReaderError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open \(path): \(reason); check that the file exists and the exporter's user may read it"
        case .isDirectory(let path):
            "\(path) is a directory; point the source's path at the data file itself"
        case .notRegularFile(let path, let kind):
            "\(path) is \(kind), not a regular file; only regular files are read: point the source at the data file itself"
        case .deadlineExceeded(let path):
            "reading \(path) took longer than the source's timeout; check the file and its disk or share, "
                + "or raise the source's timeout"
        case .readFailed(let path, let reason):
            "reading \(path) failed: \(reason); check the disk or network share, the next load retries"
        case .unsupportedEncoding(let path, let encoding):
            "\(path) is encoded as \(encoding); save it as \"CSV UTF-8\""
        case .noHeader(let path):
            "\(path) is empty; it needs a header row naming the columns, then one row per record"
        case .malformedHeader(let path, let line, let problem):
            "the header row of \(path) (line \(line)) cannot be read: \(problem)"
        case .unusableDelimiter(let byte):
            "delimiter byte \(byte) cannot separate fields; use one ASCII character such as ',' ';' or a tab"
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open file descriptor, closed when the value goes away.
struct ReadableFile: ~Copyable {
    let path: String
    private let descriptor: Int32

    init(path: String) throws(CSVReaderError) {
        var descriptor: Int32
        // Non-blocking, so that opening a FIFO does not wait for a writer; refused below.
        repeat {
            descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else {
            throw .cannotOpen(path: path, reason: ReadableFile.errorText(errno))
        }
        var info = stat()
        do throws(CSVReaderError) {
            guard fstat(descriptor, &info) == 0 else {
                throw .readFailed(path: path, reason: ReadableFile.errorText(errno))
            }
            try FileFingerprint.requireRegularFile(info, path: path)
        } catch {
            close(descriptor)
            throw error
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// The open file's fingerprint (it is a regular file: `init` refused anything else).
    func fingerprint() throws(CSVReaderError) -> FileFingerprint {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw .readFailed(path: path, reason: ReadableFile.errorText(errno))
        }
        return FileFingerprint(info)
    }

    /// Reads from `offset` until `minimum` bytes are in `buffer` (or end of file); returns the
    /// count, 0 at end. `pread(2)`: no shared file position, so any thread may read.
    func read(
        into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, limit: Int, minimum: Int
    ) throws(CSVReaderError) -> Int {
        let capacity = min(limit, buffer.count)
        var filled = 0
        while filled < minimum {
            let result = pread(
                descriptor, buffer.baseAddress! + filled, capacity - filled, off_t(offset) + off_t(filled))
            if result < 0 {
                if errno == EINTR { continue }
                throw .readFailed(path: path, reason: ReadableFile.errorText(errno))
            }
            if result == 0 { break }
            filled += result
        }
        return filled
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// Tells the header row apart: any problem in it is fatal, since every column name matters.
struct HeaderCheck {
    let path: String
    var seen: Bool

    mutating func deliver(_ event: CSVReader.RawEvent, _ body: (CSVReader.RawEvent) throws -> Void) throws {
        if !seen {
            seen = true
            if case .malformed(let line, let problem) = event {
                throw CSVReaderError.malformedHeader(path: path, line: line, problem: problem)
            }
            if case .record(let header) = event, let problem = header.problems.first {
                throw CSVReaderError.malformedHeader(path: path, line: header.line, problem: problem)
            }
        }
        try body(event)
    }
}
