/// A target as of one evaluation date. Optional values have no sample when they cannot be known
/// (no data yet, or a division by zero), never NaN.
public struct TargetEvaluation: Hashable, Sendable {
    public var target: Target
    /// Whether the data the value needs is there (`naker_target_data_available`). Without it there is
    /// no value, capaian, pace or projection, and alert rules on the target hold their state.
    public var dataAvailable: Bool
    public var value: Double?
    public var expected: Double?
    /// Capaian (docs/formulas.md): value/goal, or 2 − value/goal for `at_most`.
    public var progress: Double?
    /// value / expected.
    public var pace: Double?
    /// Count indicators only: value + recent daily rate × days left to `end`.
    public var projected: Double?

    public init(
        target: Target, dataAvailable: Bool = true, value: Double? = nil, expected: Double? = nil,
        progress: Double? = nil,
        pace: Double? = nil, projected: Double? = nil
    ) {
        self.target = target
        self.dataAvailable = dataAvailable
        self.value = value
        self.expected = expected
        self.progress = progress
        self.pace = pace
        self.projected = projected
    }
}
