import Foundation
import Mustache
import NakerCore

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

/// A message template that cannot be loaded or did not render a usable body. Descriptions name the
/// template file and say what to fix.
public enum MessageTemplateError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(template: String, reason: String)
    /// `line` and `column` count from 1; `lineText` is the template line with the problem.
    case syntax(template: String, line: Int, column: Int, problem: String, lineText: String)
    /// A `{{% CONTENT_TYPE: JSON}}` template rendered something JSON parsers reject.
    case invalidJSON(template: String)

    public var description: String {
        switch self {
        case .unreadable(let template, let reason):
            "cannot read the message template \(template) (\(reason)); create it or fix template_file"
        case .syntax(let template, let line, let column, let problem, let lineText):
            "the message template \(template) has an error at line \(line), column \(column): \(problem)"
                + " — in: \(lineText.trimmingCharacters(in: [" ", "\t"]))"
        case .invalidJSON(let template):
            "the message template \(template) rendered a body that is not valid JSON; keep every {{name}} "
                + "inside a JSON string (\"{{name}}\"), do not use {{{name}}} or {{&name}} there, and check "
                + "commas and brackets around sections"
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in blanks: Set<Character>) -> String {
        var text = Substring(self)
        while let first = text.first, blanks.contains(first) { text.removeFirst() }
        while let last = text.last, blanks.contains(last) { text.removeLast() }
        return String(text)
    }
}

/// `{{% CONTENT_TYPE: JSON}}`: `{{name}}` escapes for the inside of a JSON string literal (quote,
/// backslash, control characters, U+2028/U+2029), so a template writes `"text": "{{summary}}"`
/// and the body stays valid JSON whatever the value holds.
struct JSONStringContentType: MustacheContentType {
    static let name = "JSON"

    /// Registers the content type with swift-mustache once; templates are parsed after this.
    static let registered: Void = {
        MustacheContentTypes.register(JSONStringContentType(), named: name)
    }()

    func escapeText(_ text: String) -> String { JSONString.escaped(text) }
}
