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
    /// Longest record accepted, counting field bytes and delimiters; longer ones are skipped.
    public var maxRecordBytes: Int
    /// Bytes per `read(2)`; tests use tiny chunks to exercise chunk boundaries.
    public var chunkBytes: Int
    /// Past this the read stops with `deadlineExceeded` (checked at every chunk), so a file that
    /// keeps growing faster than it is read cannot hold a load forever.
    public var deadline: ContinuousClock.Instant?

    public init(
        path: String, delimiter: UInt8 = UInt8(ascii: ","), maxRecordBytes: Int = 1 << 20,
        chunkBytes: Int = 1 << 16
    ) {
        self.path = path
        self.delimiter = delimiter
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
        guard delimiter < 0x80, ![0, 0x0A, 0x0D, 0x22].contains(delimiter) else {
            throw CSVReaderError.unusableDelimiter(delimiter)
        }
        let file = try ReadableFile(path: path)
        let fingerprint = try file.fingerprint()
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(chunkBytes, CSVReadEnd.tailBytes), alignment: 1)
        defer { buffer.deallocate() }

        var scanner = CSVRecordScanner(delimiter: delimiter, maxRecordBytes: maxRecordBytes)
        var sawHeader = false
        var offset: Int64 = 0
        var tail: [UInt8] = []
        var count: Int
        var start = 0
        if let end {
            guard fingerprint.size > end.offset else { return nil }
            try file.seek(to: end.offset - Int64(end.tail.count))
            let read = try file.read(into: buffer, limit: end.tail.count, minimum: end.tail.count)
            guard read == end.tail.count, buffer.prefix(read).elementsEqual(end.tail) else { return nil }
            (scanner, sawHeader, offset, tail) = (end.scanner, true, end.offset, end.tail)
            count = try file.read(into: buffer, limit: chunkBytes, minimum: 1)
        } else {
            // The first read collects at least four bytes so that a byte-order mark is seen whole.
            count = try file.read(into: buffer, limit: max(chunkBytes, 4), minimum: 4)
            start = try skipByteOrderMark(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }

        // A local, so that the callback below does not copy the reader for every record.
        let path = self.path
        func deliver(_ event: RawEvent) throws {
            if !sawHeader {
                sawHeader = true
                if case .malformed(let line, let problem) = event {
                    throw CSVReaderError.malformedHeader(path: path, line: line, problem: problem)
                }
            }
            try body(event)
        }

        while count > 0 {
            if let deadline, ContinuousClock.now >= deadline {
                throw CSVReaderError.deadlineExceeded(path: path)
            }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            try scanner.consume(UnsafeRawBufferPointer(rebasing: chunk[start...]), deliver)
            offset += Int64(count)
            CSVReadEnd.keepTail(&tail, chunk)
            start = 0
            count = try file.read(into: buffer, limit: chunkBytes, minimum: 1)
        }
        let resumable =
            scanner.isBetweenRecords ? CSVReadEnd(scanner: scanner, offset: offset, tail: tail) : nil
        try scanner.finish(deliver)
        guard sawHeader else { throw CSVReaderError.noHeader(path: path) }
        return CSVReadOutcome(fingerprint: fingerprint, end: resumable)
    }

    /// Whether the file is exactly `end.offset` bytes long and ends with the bytes read then.
    func endsWith(_ end: CSVReadEnd) throws(CSVReaderError) -> Bool {
        let file = try ReadableFile(path: path)
        guard try file.fingerprint().size == end.offset else { return false }
        try file.seek(to: end.offset - Int64(end.tail.count))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, end.tail.count), alignment: 1)
        defer { buffer.deallocate() }
        let read = try file.read(into: buffer, limit: end.tail.count, minimum: end.tail.count)
        return read == end.tail.count && buffer.prefix(read).elementsEqual(end.tail)
    }

    /// Returns how many leading bytes are a UTF-8 BOM; throws for UTF-16 and UTF-32 ones.
    private func skipByteOrderMark(_ prefix: UnsafeRawBufferPointer) throws -> Int {
        let bytes = Array(prefix.prefix(4))
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
