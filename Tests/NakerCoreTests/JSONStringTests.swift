import Foundation
import NakerCore
import Testing

struct JSONStringTests {
    @Test(arguments: [
        ("plain", #""plain""#),
        ("Kepala \"Dinas\"", #""Kepala \"Dinas\"""#),
        ("a\\b", #""a\\b""#),
        ("line\none\ttab\r", #""line\none\ttab\r""#),
        ("\u{08}\u{0C}", #""\b\f""#),
        ("\u{01}\u{1F}\u{7F}", #""\u0001\u001f\u007f""#),
        ("\u{2028}\u{2029}", #""\u2028\u2029""#),
        ("Tanjung · é 😀", "\"Tanjung · é 😀\""),
    ])
    func quotes(_ text: String, _ expected: String) throws {
        let quoted = JSONString.quoted(text)
        #expect(quoted == expected)
        // What a JSON parser reads back is the text itself.
        let decoded = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed)
        #expect(decoded as? String == text)
    }
}
