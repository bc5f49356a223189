/// What one source contributed after a load: the accepted rows of its dataset kind.
public enum SourceData: Hashable, Sendable {
    case labourForce([LabourForceEstimate])
    case jobSeekers(JobSeekerRegistrations)
    case entrepreneurs(RecordCounts)
    case trainees(RecordCounts)

    public var kind: DatasetKind {
        switch self {
        case .labourForce: .labourForce
        case .jobSeekers: .jobSeekers
        case .entrepreneurs: .entrepreneurs
        case .trainees: .trainees
        }
    }
}
