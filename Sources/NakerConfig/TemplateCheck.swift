import NakerNotify

/// Compiles message templates at config time, so a broken one is a config problem, not a lost
/// notification later, and names the keys a template uses that no message has.
enum TemplateCheck {
    /// A `format: template` body, with the receiver's `template_variables`.
    static func problem(inFileAt path: String, variables: [String: String]) -> String? {
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

    /// Annotations are plain text (no HTML escaping), rendered per alert.
    static func problem(inText text: String) -> String? {
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

    private static func unknownKeys(_ names: [String], hint: String) -> String? {
        guard !names.isEmpty else { return nil }
        let list = names.map { "{{\($0)}}" }.joined(separator: ", ")
        return "\(names.count == 1 ? "unknown key" : "unknown keys") \(list); \(hint)"
    }
}
