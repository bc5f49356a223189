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

    /// Keeps the first problem of a record; the record is still read to its end.
    mutating func note(_ found: CSVRecordProblem) {
        if problem == nil { problem = found }
    }

    mutating func endRecord(_ emit: (CSVReader.Event) throws -> Void) rethrows {
        if !skipping { fieldEnds.append(bytes.count) }
        let event = makeEvent()
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        problem = nil
        skipping = false
        inRecord = false
        state = .fieldStart
        try emit(event)
    }

    private mutating func startSkipping() {
        note(.tooLong(limit: maxRecordBytes))
        skipping = true
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
    }

    private func makeEvent() -> CSVReader.Event {
        if let problem { return .malformed(line: recordLine, problem: problem) }
        return bytes.withUnsafeBufferPointer { buffer in
            // Most records are ASCII, where decoding needs no validation; the general
            // validating initializer is much slower per field.
            let ascii = Self.isASCII(UnsafeRawBufferPointer(buffer))
            var fields: [String] = []
            fields.reserveCapacity(fieldEnds.count)
            var start = 0
            for (position, end) in fieldEnds.enumerated() {
                let field = UnsafeBufferPointer(rebasing: buffer[start..<end])
                guard
                    let text = ascii
                        ? String(decoding: field, as: UTF8.self) : String(validating: field, as: UTF8.self)
                else {
                    return .malformed(line: recordLine, problem: .invalidUTF8(field: position + 1))
                }
                fields.append(text)
                start = end
            }
            return .record(line: recordLine, fields: fields)
        }
    }

    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
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
}
