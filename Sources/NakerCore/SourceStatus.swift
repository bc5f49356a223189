/// How a source's last load went, for the `naker_source_*` families.
public struct SourceStatus: Hashable, Sendable {
    public var name: String
    /// Whether the last load succeeded (a failed load keeps the previous rows in use).
    public var up: Bool
    /// Rows accepted and rejected in the last successful load; nil when the source never loaded.
    public var rows: Int?
    public var rejectedRows: Int?
    /// Unix time of the last successful load; nil in `once`, whose output must not depend on the clock.
    public var lastSuccess: Double?

    public init(name: String, up: Bool, rows: Int?, rejectedRows: Int?, lastSuccess: Double? = nil) {
        self.name = name
        self.up = up
        self.rows = rows
        self.rejectedRows = rejectedRows
        self.lastSuccess = lastSuccess
    }
}
