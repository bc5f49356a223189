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
        guard delimiter < 0x80, ![0, 0x0A, 0x0D, 0x22].contains(delimiter) else {
            throw CSVReaderError.unusableDelimiter(delimiter)
        }
        let file = try ReadableFile(path: path)
        let fingerprint = try file.fingerprint()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunkBytes, 4), alignment: 1)
        defer { buffer.deallocate() }

        var scanner = CSVRecordScanner(delimiter: delimiter, maxRecordBytes: maxRecordBytes)
        var sawHeader = false
        func deliver(_ event: Event) throws {
            if !sawHeader {
                sawHeader = true
                if case .malformed(let line, let problem) = event {
                    throw CSVReaderError.malformedHeader(path: path, line: line, problem: problem)
                }
            }
            try body(event)
        }

        // The first read collects at least four bytes so that a byte-order mark is seen whole.
        var count = try file.read(into: buffer, limit: buffer.count, minimum: 4)
        var start = try skipByteOrderMark(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        while count > 0 {
            try scanner.consume(UnsafeRawBufferPointer(rebasing: buffer[start..<count]), deliver)
            start = 0
            count = try file.read(into: buffer, limit: chunkBytes, minimum: 1)
        }
        try scanner.finish(deliver)
        guard sawHeader else { throw CSVReaderError.noHeader(path: path) }
        return fingerprint
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
