import Logging
import Synchronization

/// Collects log records so that tests can inspect messages and metadata.
public struct CapturingLogHandler: LogHandler {
    public struct Entry: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: [String: String]

        /// The message and every metadata key and value, as one line.
        public var line: String {
            ([message] + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
                .joined(separator: " ")
        }
    }

    public final class Store: Sendable {
        private let entries = Mutex<[Entry]>([])

        public init() {}

        public func append(_ entry: Entry) {
            entries.withLock { $0.append(entry) }
        }

        public var all: [Entry] { entries.withLock { $0 } }
    }

    public let store: Store
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .trace

    public init(store: Store) {
        self.store = store
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var flat: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            flat[key] = Self.text(value)
        }
        store.append(Entry(level: event.level, message: event.message.description, metadata: flat))
    }

    /// Every string a metadata value holds, nested ones included.
    private static func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(text).joined(separator: " ")
        case .dictionary(let values):
            values.map { "\($0.key)=\(text($0.value))" }.sorted().joined(separator: " ")
        }
    }

    /// A logger at trace level writing into a new store.
    public static func logger() -> (Logger, Store) {
        let store = Store()
        let logger = Logger(label: "test", factory: { _ in CapturingLogHandler(store: store) })
        return (logger, store)
    }

    public static let silent = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
}
