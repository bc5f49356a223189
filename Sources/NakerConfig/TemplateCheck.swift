import NakerNotify

/// Compiles message templates at config time, so a broken one is a config problem, not a lost
/// notification later.
enum TemplateCheck {
    static func problem(inFileAt path: String) -> String? {
        do {
            _ = try MessageTemplate(contentsOfFile: path)
            return nil
        } catch {
            return error.description
        }
    }

    /// Annotations are plain text (no HTML escaping), rendered per alert.
    static func problem(inText text: String) -> String? {
        do {
            _ = try MessageTemplate(source: "{{% CONTENT_TYPE: TEXT}}" + text, name: "annotation")
            return nil
        } catch {
            return error.description
        }
    }
}
