/// A goal from the regent's plan (RPJMD) or a programme, as configured under `targets:`.
public struct Target: Hashable, Sendable {
    public struct Milestone: Hashable, Sendable {
        public var date: LocalDate
        public var value: Double

        public init(date: LocalDate, value: Double) {
            self.date = date
            self.value = value
        }
    }

    public var name: String
    public var description: String
    public var indicator: Indicator
    /// Equality filters on the dataset's attribute columns (`where:`).
    public var filters: [String: String]
    /// For level indicators; nil means the whole region (survey) or all areas (job seekers).
    public var area: String?
    public var goal: Double
    public var direction: Direction
    public var start: LocalDate?
    public var end: LocalDate?
    /// Sorted by date, strictly inside `[start, end]`.
    public var milestones: [Milestone]

    public init(
        name: String, description: String = "", indicator: Indicator, filters: [String: String] = [:],
        area: String? = nil, goal: Double, direction: Direction = .atLeast, start: LocalDate? = nil,
        end: LocalDate? = nil, milestones: [Milestone] = []
    ) {
        self.name = name
        self.description = description
        self.indicator = indicator
        self.filters = filters
        self.area = area
        self.goal = goal
        self.direction = direction
        self.start = start
        self.end = end
        self.milestones = milestones.sorted { $0.date < $1.date }
    }
}

/// What a target measures (docs/formulas.md).
public enum Indicator: String, CaseIterable, Sendable {
    case entrepreneurs
    case trainees
    case jobSeekersActive = "job_seekers_active"
    case labourForceParticipation = "labour_force_participation"
    case openUnemployment = "open_unemployment"
    case unemploymentProxy = "unemployment_proxy"

    public enum Family: Sendable {
        /// Rows counted in the target's `[start, end]` window.
        case count
        /// A level read on the evaluation date (survey values, the active job-seeker count).
        case level
    }

    public var family: Family {
        switch self {
        case .entrepreneurs, .trainees: .count
        case .jobSeekersActive, .labourForceParticipation, .openUnemployment, .unemploymentProxy: .level
        }
    }

    /// The record-level dataset whose columns `where:` may filter on, if any.
    public var filterableDataset: DatasetKind? {
        switch self {
        case .entrepreneurs: .entrepreneurs
        case .trainees: .trainees
        case .jobSeekersActive, .unemploymentProxy: .jobSeekers
        case .labourForceParticipation, .openUnemployment: nil
        }
    }

    /// The datasets the value is computed from; a target has no value until each has loaded.
    public var datasets: [DatasetKind] {
        switch self {
        case .entrepreneurs: [.entrepreneurs]
        case .trainees: [.trainees]
        case .jobSeekersActive: [.jobSeekers]
        case .labourForceParticipation, .openUnemployment: [.labourForce]
        case .unemploymentProxy: [.labourForce, .jobSeekers]
        }
    }

    /// Whether the value is a 0–1 ratio (shown as percent to people).
    public var isRatio: Bool {
        switch self {
        case .labourForceParticipation, .openUnemployment, .unemploymentProxy: true
        case .entrepreneurs, .trainees, .jobSeekersActive: false
        }
    }
}

/// Whether a higher or a lower value meets the target.
public enum Direction: String, CaseIterable, Sendable {
    case atLeast = "at_least"
    case atMost = "at_most"
}
