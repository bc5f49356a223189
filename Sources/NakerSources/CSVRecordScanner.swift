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
    var problem: CSVRecordProblem?
    /// The record is over the limit: its bytes are no longer kept.
    var skipping = false

    /// At a record boundary: bytes appended from here on start a new record.
    var isBetweenRecords: Bool { !inRecord }

    init(delimiter: UInt8, maxRecordBytes: Int) {
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
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
            try emit(.record(CSVRecordView(line: line, bytes: record, fieldEnds: ends, separator: delimiter)))
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
