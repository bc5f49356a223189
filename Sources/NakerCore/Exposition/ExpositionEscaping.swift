/// Escaping shared by both formats; they differ only in whether HELP text escapes `"`.
enum ExpositionEscaping {
    /// Label values escape `\`, `"` and newline in both formats.
    static func appendLabelValue(_ value: String, to output: inout [UInt8]) {
        append(value, escapingQuotes: true, to: &output)
    }

    /// HELP escapes `\` and newline; OpenMetrics also escapes `"` (its HELP is an escaped-string).
    static func appendHelp(_ help: String, format: ExpositionFormat, to output: inout [UInt8]) {
        append(help, escapingQuotes: format == .openMetrics, to: &output)
    }

    private static func append(_ text: String, escapingQuotes: Bool, to output: inout [UInt8]) {
        // One pass over contiguous UTF-8, copying the runs between special characters in bulk. They are
        // all ASCII, so no multi-byte sequence can contain one.
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let escaped: UInt8
                switch bytes[index] {
                case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
                case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
                case UInt8(ascii: "\"") where escapingQuotes: escaped = UInt8(ascii: "\"")
                default: continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output.append(UInt8(ascii: "\\"))
                output.append(escaped)
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }
}
