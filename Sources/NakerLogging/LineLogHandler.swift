import Foundation
import Logging
import NakerCore

/// A swift-log handler writing one line per event (logfmt or JSON) to a file descriptor.
///
/// Messages are constant; everything variable arrives as metadata, which callers keep free of
/// personal data and secrets.
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let format: LogFormat
    let output: LineOutput
    /// Under journald: a `<priority>` prefix per line and no timestamp of our own (the journal has one).
    let journal: Bool

    public init(
        label: String, level: Logger.Level, format: LogFormat, output: LineOutput = .standardError,
        journal: Bool = LineLogHandler.stderrIsJournal()
    ) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.output = output
        self.journal = journal
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [(String, String)] = journal ? [] : [("ts", LineLogHandler.timestamp(Date()))]
        fields += [("level", "\(event.level)"), ("msg", "\(event.message)")]
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        for key in merged.keys.sorted() {
            fields.append((key, "\(merged[key]!)"))
        }
        let line = format == .json ? LineLogHandler.json(fields) : LineLogHandler.logfmt(fields)
        output.write(journal ? "<\(LineLogHandler.syslogPriority(event.level))>" + line : line)
    }

    /// sd-daemon(3) priorities, so `journalctl -p warning` works.
    static func syslogPriority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// systemd sets JOURNAL_STREAM to the journal's `device:inode`; it counts only while stderr
    /// is still that stream (not redirected by a wrapper).
    public static func stderrIsJournal(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Bool
    {
        guard let value = environment["JOURNAL_STREAM"] else { return false }
        let parts = value.split(separator: ":").compactMap { UInt64($0) }
        var status = stat()
        guard parts.count == 2, fstat(2, &status) == 0 else { return false }
        return UInt64(status.st_dev) == parts[0] && UInt64(status.st_ino) == parts[1]
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)
        )
    }

    static func logfmt(_ fields: [(String, String)]) -> String {
        fields.map { key, value in
            let needsQuotes =
                value.isEmpty || value.contains { $0 == " " || $0 == "=" || $0 == "\"" || $0.isNewline }
            return needsQuotes ? "\(key)=\(quoted(value))" : "\(key)=\(value)"
        }.joined(separator: " ") + "\n"
    }

    static func json(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(quoted($0.0)):\(quoted($0.1))" }.joined(separator: ",") + "}\n"
    }

    /// A JSON string literal; also valid logfmt quoting.
    static func quoted(_ text: String) -> String { JSONString.quoted(text) }
}

/// How log lines are written to stderr (`--log.format`).
public enum LogFormat: String, CaseIterable, Sendable {
    /// `ts=… level=info msg="…" key=value`, as Prometheus' own daemons write.
    case logfmt
    /// One JSON object per line.
    case json
}
