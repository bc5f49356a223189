/// JSON string escaping (RFC 8259), the one rule for every JSON text written by hand: log lines
/// and values put into JSON message templates. Beyond what JSON requires it escapes DEL and
/// U+2028/U+2029, so the text is also safe inside JavaScript and for terminals.
public enum JSONString {
    /// The escaped text, without the surrounding quotes.
    public static func escaped(_ text: String) -> String {
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "\u{08}": escaped += "\\b"
            case "\u{0C}": escaped += "\\f"
            case "\u{2028}": escaped += "\\u2028"
            case "\u{2029}": escaped += "\\u2029"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// A JSON string literal: the escaped text in double quotes.
    public static func quoted(_ text: String) -> String { "\"" + escaped(text) + "\"" }
}
