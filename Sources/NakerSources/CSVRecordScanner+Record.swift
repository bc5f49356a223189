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

    mutating func endRecord(_ emit: (CSVReader.RawEvent) throws -> Void) rethrows {
        if !skipping { fieldEnds.append(bytes.count) }
        if let problem {
            try emit(.malformed(line: recordLine, problem: problem))
        } else {
            try bytes.withUnsafeBytes { bytes in
                try fieldEnds.withUnsafeBufferPointer { ends in
                    try emit(.record(CSVRecordView(line: recordLine, bytes: bytes, fieldEnds: ends)))
                }
            }
        }
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        problem = nil
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
