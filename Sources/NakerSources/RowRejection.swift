/// A data row that was not accepted: where it is and why, never what it contained.
public struct RowRejection: Hashable, Sendable {
    /// 1-based physical line where the row starts (the header is usually line 1).
    public var line: Int
    public var reason: Reason

    public init(line: Int, reason: Reason) {
        self.line = line
        self.reason = reason
    }
}
