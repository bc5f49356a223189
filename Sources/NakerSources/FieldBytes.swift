import NakerCore

/// Byte-level twins of `FieldText` and `LocalDate(iso:)` for ASCII records: the same rules,
/// without making a `String` per field.
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

    /// `YYYY-MM-DD` only, like `LocalDate(iso:)`.
    static func date(_ field: UnsafeRawBufferPointer) -> LocalDate? {
        guard field.count == 10, field[4] == UInt8(ascii: "-"), field[7] == UInt8(ascii: "-"),
            let year = decimal(field, 0..<4), let month = decimal(field, 5..<7),
            let day = decimal(field, 8..<10)
        else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    static func text(_ field: UnsafeRawBufferPointer) -> String {
        String(decoding: field, as: UTF8.self)
    }

    private static func decimal(_ field: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let digit = field[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}
