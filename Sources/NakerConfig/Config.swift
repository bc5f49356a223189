import NakerCore

/// A whole, validated configuration: only `ConfigParser` makes one, so holding one means it is usable.
public struct Config: Hashable, Sendable {
    public var global: GlobalConfig
    public var sources: [SourceConfig]
    public var targets: [Target]

    public init(global: GlobalConfig, sources: [SourceConfig], targets: [Target]) {
        self.global = global
        self.sources = sources
        self.targets = targets
    }
}
