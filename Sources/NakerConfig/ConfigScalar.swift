import Yams

/// A scalar exactly as written, with its position, so validation can parse it and say where it is.
///
/// Every leaf of the raw config is one of these: type errors become problems to report with the
/// others instead of a decoding failure that hides the rest.
struct ConfigScalar: Decodable, Hashable {
    var text: String
    var line: Int?
    var column: Int?

    init(from decoder: any Decoder) throws {
        text = try decoder.singleValueContainer().decode(String.self)
        line = decoder.mark?.line
        column = decoder.mark?.column
    }

    init(_ text: String) {
        self.text = text
    }
}
