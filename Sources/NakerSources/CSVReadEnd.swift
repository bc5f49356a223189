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
