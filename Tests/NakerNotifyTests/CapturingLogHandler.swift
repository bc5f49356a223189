import Logging
import Synchronization

/// Collects log records so that tests can inspect messages and metadata.
struct CapturingLogHandler: LogHandler {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]

        /// The message and every metadata key and value, as one line.
        var line: String {
            ([message] + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
                .joined(separator: " ")
        }
    }

    final class Store: Sendable {
        private let entries = Mutex<[Entry]>([])

        func append(_ entry: Entry) {
            entries.withLock { $0.append(entry) }
        }

        var all: [Entry] { entries.withLock { $0 } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
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
    static func logger() -> (Logger, Store) {
        let store = Store()
        let logger = Logger(label: "test", factory: { _ in CapturingLogHandler(store: store) })
        return (logger, store)
    }
}
