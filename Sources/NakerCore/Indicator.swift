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
