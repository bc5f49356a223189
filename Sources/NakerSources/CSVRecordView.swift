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

    init(
        line: Int, bytes: UnsafeRawBufferPointer, fieldEnds: UnsafeBufferPointer<Int>, separator: UInt8? = nil
    ) {
        self.line = line
        self.bytes = bytes
        self.fieldEnds = fieldEnds
        self.separator = separator
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

    /// The fields as text, or the first field that is not UTF-8.
    public func strings() -> Result<[String], CSVRecordProblem> {
        // Most records are ASCII, where decoding needs no validation; the general validating
        // initializer is much slower per field.
        let ascii = isASCII
        var fields: [String] = []
        fields.reserveCapacity(fieldCount)
        for position in 0..<fieldCount {
            let field = field(position).assumingMemoryBound(to: UInt8.self)
            guard
                let text = ascii
                    ? String(decoding: field, as: UTF8.self) : String(validating: field, as: UTF8.self)
            else { return .failure(.invalidUTF8(field: position + 1)) }
            fields.append(text)
        }
        return .success(fields)
    }

    /// The event the string-based reader delivers for this record.
    var event: CSVReader.Event {
        switch strings() {
        case .success(let fields): .record(line: line, fields: fields)
        case .failure(let problem): .malformed(line: line, problem: problem)
        }
    }
}
