/// The names a Mustache template looks up, checked against a context that holds every key, so a
/// misspelt `{{nope.nope}}` is a config problem instead of an empty place in a message.
public enum TemplateNames {
    /// Free-form maps: any name below them is fine (`{{labels.area}}`).
    static let openMaps: Set<String> = [
        "labels", "annotations", "commonLabels", "groupLabels", "commonAnnotations",
    ]

    /// Names `source` uses that `context` has not, as written, each once, in order of appearance.
    /// Sections over a list or a map look names up in its elements first, as Mustache does.
    public static func unknown(in source: String, context: [String: Any]) -> [String] {
        var unknown: [String] = []
        var frames: [[String: Any]] = [context]
        // Per open section: whether it added a frame.
        var sections: [Bool] = []
        for tag in tags(source) {
            switch tag.kind {
            case .other: continue
            case .delimiters: return unknown  // other delimiters: the scan below cannot follow
            case .close:
                if sections.popLast() == true { frames.removeLast() }
            case .variable, .section, .inverted:
                var frame: [String: Any]?
                if let name = referencedName(tag.name) {
                    switch resolve(name, in: frames) {
                    case .unknown: if !unknown.contains(name) { unknown.append(name) }
                    case .found(let value):
                        frame = (value as? [String: Any]) ?? (value as? [[String: Any]]).map(union)
                    case .open: break
                    }
                }
                guard tag.kind != .variable else { continue }
                if tag.kind == .section, let frame {
                    frames.append(frame)
                    sections.append(true)
                } else {
                    sections.append(false)
                }
            }
        }
        return unknown
    }

    struct Tag {
        enum Kind { case variable, section, inverted, close, delimiters, other }
        var kind: Kind
        var name: String
    }

    /// Every `{{…}}` and `{{{…}}}` tag of `source`, in order.
    static func tags(_ source: String) -> [Tag] {
        var tags: [Tag] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            let triple = rest.first == "{"
            guard let close = rest.range(of: triple ? "}}}" : "}}") else { break }
            var body = rest[rest.index(rest.startIndex, offsetBy: triple ? 1 : 0)..<close.lowerBound]
            rest = rest[close.upperBound...]
            var kind = Tag.Kind.variable
            switch body.first {
            case "#": kind = .section
            case "^": kind = .inverted
            case "/": kind = .close
            case "=": kind = .delimiters
            case "!", ">", "%": kind = .other
            case "&": break
            default:
                tags.append(Tag(kind: .variable, name: trimmed(body)))
                continue
            }
            body = body.dropFirst()
            tags.append(Tag(kind: kind, name: trimmed(body)))
        }
        return tags
    }

    /// The context name a tag looks up: nil for `.` and for a transform of the current context
    /// (`last()`); the argument of a transform applied to a name (`uppercased(name)`).
    static func referencedName(_ name: String) -> String? {
        guard name != "." else { return nil }
        if let open = name.firstIndex(of: "("), name.hasSuffix(")") {
            let argument = trimmed(name[name.index(after: open)..<name.index(before: name.endIndex)])
            return argument.isEmpty || argument == "." ? nil : argument
        }
        return name
    }

    enum Resolution {
        case found(Any)
        case unknown
        /// Below a free-form map.
        case open
    }

    static func resolve(_ name: String, in frames: [[String: Any]]) -> Resolution {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, var value = frames.reversed().lazy.compactMap({ $0[first] }).first
        else {
            return .unknown
        }
        var previous = first
        for part in parts.dropFirst() {
            if openMaps.contains(previous) { return .open }
            guard let map = value as? [String: Any], let next = map[part] else { return .unknown }
            value = next
            previous = part
        }
        return .found(value)
    }

    /// A list section's frame: every key any element has.
    private static func union(_ elements: [[String: Any]]) -> [String: Any] {
        elements.reduce(into: [:]) { frame, element in frame.merge(element) { first, _ in first } }
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    private static func trimmed(_ text: String) -> String { trimmed(Substring(text)) }
}
