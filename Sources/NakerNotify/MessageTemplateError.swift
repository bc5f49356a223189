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
