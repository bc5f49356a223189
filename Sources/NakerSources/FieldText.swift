import NakerConfig

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

    /// The bytes as text in `encoding`; UTF-8 that is not valid (which callers check first with
    /// `isReadable`) would come out with U+FFFD in place of the bad bytes.
    static func text(_ field: UnsafeRawBufferPointer, _ encoding: TextEncoding) -> String {
        switch encoding {
        case .utf8: String(decoding: field, as: UTF8.self)
        case .windows1252: Windows1252.decode(field)
        }
    }

    /// Whether every byte means a character in `encoding`: always in Windows-1252.
    static func isReadable(_ field: UnsafeRawBufferPointer, _ encoding: TextEncoding) -> Bool {
        switch encoding {
        case .utf8:
            field.allSatisfy { $0 < 0x80 }
                || String(validating: field.assumingMemoryBound(to: UInt8.self), as: UTF8.self) != nil
        case .windows1252: true
        }
    }
}

/// Small parsers for trimmed field text.
enum FieldText {
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")

    /// Drops surrounding spaces and tabs; returns `text` itself when there are none.
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, utf8[start] == space || utf8[start] == tab {
            start = utf8.index(after: start)
        }
        while end > start {
            let last = utf8.index(before: end)
            guard utf8[last] == space || utf8[last] == tab else { break }
            end = last
        }
        if start == utf8.startIndex && end == utf8.endIndex { return text }
        return String(text[start..<end])
    }

    /// A non-negative decimal integer, nil on anything else or on overflow. With a thousands
    /// separator the digits may be grouped by it in threes ("139.540", "1.250.000"); a group of
    /// another length ("4.46", a decimal) is refused rather than read as a different number.
    static func count(_ text: String, thousandsSeparator: UInt8? = nil) -> Int? {
        guard !text.isEmpty else { return nil }
        var value = 0
        // Digits since the last separator, and whether one was seen.
        var groupDigits = 0
        var grouped = false
        for byte in text.utf8 {
            if byte == thousandsSeparator {
                guard groupDigits > 0, grouped ? groupDigits == 3 : groupDigits <= 3 else { return nil }
                grouped = true
                groupDigits = 0
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = shifted.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { return nil }
            value = sum
            groupDigits += 1
        }
        guard !grouped || groupDigits == 3 else { return nil }
        return value
    }
}

/// Windows-1252 as the WHATWG Encoding Standard maps it (what browsers and Excel mean by it):
/// ASCII below 0x80, the code points of the same number from 0xA0, a table in between. The five
/// bytes the code page leaves undefined map to the C1 controls of their number, so every byte
/// sequence is text.
enum Windows1252 {
    /// Code points of 0x80–0x9F.
    private static let between: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        // Each byte is at most three bytes of UTF-8 (U+20AC, the euro sign, is the widest).
        String(unsafeUninitializedCapacity: bytes.count * 3) { buffer in
            var count = 0
            for byte in bytes {
                let scalar =
                    byte < 0x80 || byte >= 0xA0 ? UInt32(byte) : UInt32(between[Int(byte - 0x80)])
                if scalar < 0x80 {
                    buffer[count] = UInt8(scalar)
                    count += 1
                } else if scalar < 0x800 {
                    buffer[count] = UInt8(0xC0 | scalar >> 6)
                    buffer[count + 1] = UInt8(0x80 | scalar & 0x3F)
                    count += 2
                } else {
                    buffer[count] = UInt8(0xE0 | scalar >> 12)
                    buffer[count + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
                    buffer[count + 2] = UInt8(0x80 | scalar & 0x3F)
                    count += 3
                }
            }
            return count
        }
    }
}
