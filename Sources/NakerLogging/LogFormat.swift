/// How log lines are written to stderr (`--log.format`).
public enum LogFormat: String, CaseIterable, Sendable {
    /// `ts=… level=info msg="…" key=value`, as Prometheus' own daemons write.
    case logfmt
    /// One JSON object per line.
    case json
}
