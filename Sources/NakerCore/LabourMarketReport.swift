/// Every indicator as of one date: what the domain metrics are rendered from.
public struct LabourMarketReport: Hashable, Sendable {
    public struct EntrepreneurGroup: Hashable, Sendable, Comparable {
        public var area: String
        public var programme: String

        public static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.area, lhs.programme) < (rhs.area, rhs.programme)
        }
    }

    public struct TraineeGroup: Hashable, Sendable, Comparable {
        public var institution: String
        public var year: Int

        public static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.institution, lhs.year) < (rhs.institution, rhs.year)
        }
    }

    public var date: LocalDate
    public var region: String
    /// The latest survey estimate on or before `date`, per area.
    public var latestSurvey: [String: LabourForceEstimate] = [:]
    /// Active AK/I registrations per area; the region's entry counts every registration.
    public var activeJobSeekers: [String: Int] = [:]
    /// Active job seekers / labour force, for areas with both.
    public var unemploymentProxy: [String: Double] = [:]
    public var entrepreneurs: [EntrepreneurGroup: Int] = [:]
    public var trainees: [TraineeGroup: Int] = [:]
    public var targets: [TargetEvaluation] = []

    public init(date: LocalDate, region: String) {
        self.date = date
        self.region = region
    }
}
