/// Byte-level twins of `FieldText` for records read in place: the same rules, without making a
/// `String` per field.
enum FieldBytes {
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")

    static func trimmed(_ field: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = field.count
        while start < end, field[start] == space || field[start] == tab { start += 1 }
        while end > start, field[end - 1] == space || field[end - 1] == tab { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: field[start..<end])
    }

    static func text(_ field: UnsafeRawBufferPointer) -> String {
        String(decoding: field, as: UTF8.self)
    }
}
