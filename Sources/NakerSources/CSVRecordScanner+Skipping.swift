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
