import NakerConfig

/// The config's template check: compiles each template and names the keys it uses that no message
/// has.
public struct TemplateCheck: TemplateChecking {
    public init() {}

    public func problem(inFileAt path: String, variables: [String: String]) -> String? {
        do {
            let template = try MessageTemplate(contentsOfFile: path)
            return unknownKeys(
                TemplateNames.unknown(
                    in: template.source, context: MessageContext.everyKey(variables: variables)),
                hint:
                    "a template can use the keys of docs/notifications.md and the receiver's template_variables"
            )
        } catch {
            return error.description
        }
    }

    /// Annotations are plain text (no HTML escaping).
    public func problem(inAnnotation text: String) -> String? {
        let source = "{{% CONTENT_TYPE: TEXT}}" + text
        do {
            _ = try MessageTemplate(source: source, name: "annotation")
            return unknownKeys(
                TemplateNames.unknown(in: source, context: AlertTemplateContext.everyKey),
                hint: "annotations can use the keys of docs/notifications.md")
        } catch {
            return error.description
        }
    }

    private func unknownKeys(_ names: [String], hint: String) -> String? {
        guard !names.isEmpty else { return nil }
        let list = names.map { "{{\($0)}}" }.joined(separator: ", ")
        return "\(names.count == 1 ? "unknown key" : "unknown keys") \(list); \(hint)"
    }
}
