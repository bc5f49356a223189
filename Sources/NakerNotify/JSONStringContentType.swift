import Mustache

/// `{{% CONTENT_TYPE: JSON}}`: `{{name}}` escapes for the inside of a JSON string literal (quote,
/// backslash, control characters, U+2028/U+2029), so a template writes `"text": "{{summary}}"`
/// and the body stays valid JSON whatever the value holds.
struct JSONStringContentType: MustacheContentType {
    static let name = "JSON"

    /// Registers the content type with swift-mustache once; templates are parsed after this.
    static let registered: Void = {
        MustacheContentTypes.register(JSONStringContentType(), named: name)
    }()

    func escapeText(_ text: String) -> String {
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
}
