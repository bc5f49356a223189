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

/// What one source contributed after a load: the accepted rows of its dataset kind.
public enum SourceData: Hashable, Sendable {
    case labourForce([LabourForceEstimate])
    case jobSeekers(JobSeekerRegistrations)
    case entrepreneurs(RecordCounts)
    case trainees(RecordCounts)

    /// The date of the newest record: the latest survey period's first day, the latest
    /// registration or training start. Nil with no rows.
    public var newestRecord: LocalDate? {
        switch self {
        case .labourForce(let estimates): estimates.map(\.period.firstDay).max()
        case .jobSeekers(let registrations): registrations.registered.newestDate
        case .entrepreneurs(let records), .trainees(let records): records.newestDate
        }
    }

    public var kind: DatasetKind {
        switch self {
        case .labourForce: .labourForce
        case .jobSeekers: .jobSeekers
        case .entrepreneurs: .entrepreneurs
        case .trainees: .trainees
        }
    }
}

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
    /// The newest record of the last good data (`SourceData.newestRecord`).
    public var newestRecord: LocalDate?

    public init(
        name: String, up: Bool, rows: Int?, rejectedRows: Int?, lastSuccess: Double? = nil,
        newestRecord: LocalDate? = nil
    ) {
        self.name = name
        self.up = up
        self.rows = rows
        self.rejectedRows = rejectedRows
        self.lastSuccess = lastSuccess
        self.newestRecord = newestRecord
    }
}

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
