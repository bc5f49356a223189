/// The four kinds of table a source can hold (docs/configuration.md).
public enum DatasetKind: String, CaseIterable, Sendable {
    case labourForce = "labour_force"
    case jobSeekers = "job_seekers"
    case entrepreneurs = "entrepreneurs"
    case trainees = "trainees"

    public var requiredColumns: [String] {
        switch self {
        case .labourForce: ["period", "area", "working_age_population", "labour_force", "unemployed"]
        case .jobSeekers: ["id", "registered_on", "area"]
        case .entrepreneurs: ["id", "registered_on", "area"]
        case .trainees: ["id", "started_on", "institution"]
        }
    }

    public var optionalColumns: [String] {
        switch self {
        case .labourForce: []
        case .jobSeekers: ["placed_on", "gender", "education"]
        case .entrepreneurs: ["programme", "sector", "status"]
        case .trainees: ["programme", "area", "completed"]
        }
    }

    public var columns: [String] { requiredColumns + optionalColumns }

    /// The attribute columns the metrics are labelled by (docs/metrics.md); the others are kept only
    /// when a target filters on them.
    public var labelColumns: [String] {
        switch self {
        case .labourForce: []
        case .jobSeekers: ["area"]
        case .entrepreneurs: ["area", "programme"]
        case .trainees: ["institution"]
        }
    }

    /// The text columns a target's `where:` may filter on, in the order `RecordCounts` stores them.
    public var attributes: [Attribute] {
        switch self {
        case .labourForce: []
        case .jobSeekers: [.area, .gender, .education]
        case .entrepreneurs: [.area, .programme, .sector, .status]
        case .trainees: [.institution, .programme, .area, .completed]
        }
    }

    public var attributeColumns: [String] { attributes.map(\.rawValue) }

    /// Where `attribute` sits in a group's values; nil when this kind has no such column.
    public func position(of attribute: Attribute) -> Int? {
        attributes.firstIndex(of: attribute)
    }
}

/// A text column that groups the counts of a record dataset (`DatasetKind.attributes`).
public enum Attribute: String, Hashable, Sendable {
    case area, gender, education, programme, sector, status, institution, completed
}
