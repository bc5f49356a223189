import Yams

/// Records keys that no config type knows, so a typo is reported instead of silently ignored.
///
/// Decoding is synchronous and single-threaded; the collector only lives for one parse.
final class ConfigKeyCheck: @unchecked Sendable {
    static let userInfoKey = CodingUserInfoKey(rawValue: "naker.configKeyCheck")!

    private(set) var problems: [ConfigProblem] = []

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Call from a raw type's `init(from:)` with its `CodingKeys`.
    static func check<Keys: CodingKey & CaseIterable>(_ decoder: any Decoder, known: Keys.Type) throws {
        guard let collector = decoder.userInfo[userInfoKey] as? ConfigKeyCheck else { return }
        let knownNames = Keys.allCases.map(\.stringValue)
        let container = try decoder.container(keyedBy: AnyKey.self)
        for key in container.allKeys where !knownNames.contains(key.stringValue) {
            let path = ConfigPath.render(decoder.codingPath + [key])
            let mark = try? container.superDecoder(forKey: key).mark
            collector.problems.append(
                ConfigProblem(
                    path: path,
                    message: "unknown key; \(suggestion(for: key.stringValue, among: knownNames))",
                    line: mark?.line, column: mark?.column))
        }
    }

    static func suggestion(for key: String, among known: [String]) -> String {
        let nearest = known.min { distance(key, $0) < distance(key, $1) }
        if let nearest, distance(key, nearest) <= max(2, key.count / 3) {
            return "did you mean \"\(nearest)\"?"
        }
        return "allowed here: " + known.joined(separator: ", ")
    }

    /// Levenshtein distance; keys are short.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
