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
