/// All data the indicators are computed from: every source's rows, combined by kind.
public struct Datasets: Hashable, Sendable {
    public var labourForce: [LabourForceEstimate] = []
    public var jobSeekers: [JobSeekerRegistrations] = []
    public var entrepreneurs = RecordCounts(kind: .entrepreneurs)
    public var trainees = RecordCounts(kind: .trainees)
    /// The kinds at least one source has delivered data for (no data is not zero: a kind
    /// missing here gives no sample, while a loaded kind with no rows counts 0).
    public private(set) var loaded: Set<DatasetKind> = []

    public init() {}

    public init(_ sources: [SourceData]) {
        for source in sources { add(source) }
    }

    public mutating func add(_ source: SourceData) {
        loaded.insert(source.kind)
        switch source {
        case .labourForce(let estimates): labourForce += estimates
        case .jobSeekers(let registrations): jobSeekers.append(registrations)
        case .entrepreneurs(let records): entrepreneurs.merge(records)
        case .trainees(let records): trainees.merge(records)
        }
    }

    public func hasData(_ kind: DatasetKind) -> Bool { loaded.contains(kind) }
}
