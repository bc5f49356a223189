import Foundation
import Mustache

/// A Mustache message template (swift-mustache) for `format: template` receivers.
///
/// A template that starts with `{{% CONTENT_TYPE: JSON}}` produces a JSON body: `{{name}}` then
/// escapes for a JSON string, the content type is `application/json`, and every rendered body is
/// checked to parse as JSON. Other templates are plain text (`text/plain; charset=utf-8`);
/// `{{% CONTENT_TYPE: TEXT}}` turns off swift-mustache's default HTML escaping.
public struct MessageTemplate: Sendable {
    /// The file path (or a name for templates not from a file), for errors.
    public let name: String
    /// Whether the template declares `{{% CONTENT_TYPE: JSON}}`.
    public let isJSON: Bool
    /// The template's text, for checking the names it uses.
    public let source: String
    private let template: MustacheTemplate

    public init(source: String, name: String) throws(MessageTemplateError) {
        _ = JSONStringContentType.registered
        self.name = name
        self.source = source
        do {
            template = try MustacheTemplate(string: source)
        } catch let error as MustacheTemplate.ParserError {
            throw .syntax(
                template: name, line: error.context.lineNumber, column: error.context.columnNumber,
                problem: Self.problem(error.error), lineText: error.context.line)
        } catch {
            throw .syntax(template: name, line: 1, column: 1, problem: "\(error)", lineText: "")
        }
        isJSON = Self.declaresJSON(source)
    }

    public init(contentsOfFile path: String) throws(MessageTemplateError) {
        let source: String
        do {
            source = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(template: path, reason: Self.reason(error))
        }
        try self.init(source: source, name: path)
    }

    /// The HTTP Content-Type of rendered bodies.
    public var contentType: String { isJSON ? "application/json" : "text/plain; charset=utf-8" }

    /// Renders a context of plain values: strings, numbers, booleans, `[String: Any]` and arrays.
    public func render(_ context: [String: Any]) throws(MessageTemplateError) -> String {
        let text = template.render(context)
        if isJSON {
            guard (try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil else {
                throw .invalidJSON(template: name)
            }
        }
        return text
    }

    public func render(_ context: MessageContext) throws(MessageTemplateError) -> String {
        try render(context.values)
    }

    /// Whether a `{{% CONTENT_TYPE: JSON }}` tag appears (spaces anywhere inside).
    static func declaresJSON(_ source: String) -> Bool {
        var rest = Substring(source)
        while let open = rest.range(of: "{{%") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { return false }
            let tag = rest[..<close.lowerBound].filter { !$0.isWhitespace }
            if tag == "CONTENT_TYPE:\(JSONStringContentType.name)" { return true }
            rest = rest[close.upperBound...]
        }
        return false
    }

    private static func problem(_ error: Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        return switch error {
        case .sectionCloseNameIncorrect:
            "a closing tag {{/name}} does not match the section it closes"
        case .unfinishedName:
            "a tag is not closed with }} or its name has characters a name cannot have"
        case .expectedSectionEnd:
            "a section {{#name}} or {{^name}} is never closed with {{/name}}"
        case .invalidSetDelimiter:
            "a set-delimiter tag is malformed (write it like {{=<% %>=}})"
        case .transformAppliedToInheritanceSection, .illegalTokenInsideInheritSection,
            .textInsideInheritSection:
            "a template-inheritance block is malformed"
        case .invalidConfigVariableSyntax:
            "a pragma tag is malformed (write it like {{% CONTENT_TYPE: JSON}})"
        case .unrecognisedConfigVariable:
            "unknown pragma or content type (known: CONTENT_TYPE with JSON, TEXT or HTML)"
        }
    }

    private static func reason(_ error: Error) -> String {
        if let cocoa = error as? CocoaError,
            let underlying = cocoa.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileReadNoSuchFile, .fileNoSuchFile: return "no such file"
            case .fileReadNoPermission: return "permission denied"
            case .fileReadInapplicableStringEncoding: return "not UTF-8 text"
            default: break
            }
        }
        return "read error"
    }
}
