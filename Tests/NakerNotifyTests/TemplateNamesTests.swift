import Foundation
import NakerCore
import Testing

@testable import NakerNotify

/// The names templates look up, against contexts holding every key.
struct TemplateNamesTests {
    static let templates = ExporterRoot.path("Config/templates")

    @Test(
        arguments: try FileManager.default.contentsOfDirectory(atPath: templates).filter {
            $0.hasSuffix(".mustache")
        })
    func bundledTemplatesUseOnlyKnownKeys(file: String) throws {
        let source = try String(contentsOfFile: Self.templates + "/" + file, encoding: .utf8)
        #expect(TemplateNames.unknown(in: source, context: MessageContext.everyKey(variables: [:])) == [])
    }

    @Test func unknownNamesAreListedOnceInOrder() {
        let context = MessageContext.everyKey(variables: ["chat_id": "-100"])
        let source = """
            {{nope.nope}} {{receiver}} {{#alerts}}{{summary}}{{labels.area}}{{nope.nope}}{{sumary}}{{/alerts}}
            {{{recevier}}} {{&status}} {{#firing}}{{alertname}}{{/firing}} {{uppercased(statu)}} {{^last()}},{{/last()}}
            {{! a comment {{nope}} }} {{chat_id}} {{.}}
            """
        #expect(
            TemplateNames.unknown(in: source, context: context) == [
                "nope.nope", "sumary", "recevier", "alertname", "statu",
            ], "alertname is an alert's key, not the message's")
    }

    @Test func annotationKeys() {
        let context = AlertTemplateContext.everyKey
        #expect(
            TemplateNames.unknown(
                in: "{{target.description}} {{value_percent}} {{age_text}}", context: context) == [])
        #expect(
            TemplateNames.unknown(in: "{{target.nope}} {{value_persen}} {{labels.team}}", context: context)
                == [
                    "target.nope", "value_persen",
                ])
    }

    @Test func otherDelimitersStopTheCheckRatherThanGuess() {
        #expect(TemplateNames.unknown(in: "{{=<% %>=}} <% nope %>", context: [:]) == [])
    }
}

/// The package's root, for the bundled files.
enum ExporterRoot {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }
}
