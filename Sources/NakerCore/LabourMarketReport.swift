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

    /// The survey and job-seeker figures of one area, or of the whole region. A nil figure has no
    /// data behind it (no survey period yet, no job-seeker source loaded) and gets no sample.
    public struct AreaFigures: Hashable, Sendable {
        /// The latest survey estimate whose period starts on or before the date.
        public var survey: LabourForceEstimate?
        /// Active AK/I registrations on the date.
        public var activeJobSeekers: Int?
        /// Active job seekers / labour force of `survey`.
        public var unemploymentProxy: Double?

        public init(
            survey: LabourForceEstimate? = nil, activeJobSeekers: Int? = nil, unemploymentProxy: Double? = nil
        ) {
            self.survey = survey
            self.activeJobSeekers = activeJobSeekers
            self.unemploymentProxy = unemploymentProxy
        }
    }

    public var date: LocalDate
    public var region: String
    /// Per area other than the region (the kecamatan), so a sum over them counts nothing twice.
    public var areas: [String: AreaFigures] = [:]
    /// The region's own figures: its survey rows, and every registration whatever its area.
    public var regionFigures = AreaFigures()
    public var entrepreneurs: [EntrepreneurGroup: Int] = [:]
    public var trainees: [TraineeGroup: Int] = [:]
    public var targets: [TargetEvaluation] = []
    /// Each target's course to the date, by target name (the status page's charts).
    public var histories: [String: TargetHistory] = [:]

    public init(date: LocalDate, region: String) {
        self.date = date
        self.region = region
    }
}
