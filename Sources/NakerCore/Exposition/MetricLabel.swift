/// One label pair. The name must be a valid Prometheus label name; the renderer does not check it.
public struct MetricLabel: Hashable, Sendable {
    public var name: String
    /// Any UTF-8 text; the renderer escapes `\`, `"` and newline.
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
