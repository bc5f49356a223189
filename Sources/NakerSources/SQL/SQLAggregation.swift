import NakerConfig
import NakerCore

/// The one query that reduces a database source to what the exporter keeps, run by the
/// database: the row rules of docs/formulas.md written in SQL, accepted rows counted per day
/// and kept attributes, rejected rows counted per rule. What crosses the network grows with
/// groups × days, not with rows.
///
/// Of rows sharing an `id`, the earliest-dated counts (ties broken by the other columns, so the
/// answer does not depend on the order the database happens to return rows in); a CSV's first
/// occurrence wins instead, since a file has an order.
struct SQLAggregation {
    let source: SourceConfig
    let dialect: SQLDialect
    /// `FROM` target: the quoted table, or the query as a derived table.
    let relation: String
    /// The columns the relation has (by name), for optional columns.
    let available: Set<String>

    /// What the query found.
    struct Result {
        var data: SourceData
        var accepted: Int
        var rejected: [RowRejection.Reason: Int]
    }

    init(source: SourceConfig, location: SQLLocation, available: [String]) throws(SQLError) {
        self.source = source
        dialect = SQLDialect(driver: location.driver)
        switch location.relation {
        case .table(let name): relation = dialect.table(name)
        case .query(let text): relation = "(\(text)) AS naker_source"
        }
        self.available = Set(available)
        for column in source.dataset.requiredColumns
        where !self.available.contains(source.header(for: column)) {
            throw .missingColumn(
                relation: Self.name(of: location.relation), column: column, name: source.header(for: column))
        }
    }

    static func name(of relation: SQLLocation.Relation) -> String {
        switch relation {
        case .table(let name): "table \(name)"
        case .query: "the query"
        }
    }

    /// The relation's columns, without reading a row.
    static func probe(_ relation: SQLLocation.Relation, dialect: SQLDialect) -> String {
        switch relation {
        case .table(let name): "SELECT * FROM \(dialect.table(name)) WHERE 1 = 0"
        case .query(let text): "SELECT * FROM (\(text)) AS naker_source WHERE 1 = 0"
        }
    }

    private func column(_ canonical: String) -> String? {
        let name = source.header(for: canonical)
        return available.contains(name) ? dialect.identifier(name) : nil
    }

    private func text(_ canonical: String) -> String {
        column(canonical).map { "COALESCE(\(dialect.text($0)), '')" } ?? "''"
    }

    /// `YYYY-MM-DD` naming a real day, or `YYYY-MM` a month with `day: false`; the casts run
    /// only once the digits are known to be there.
    private func isDate(_ value: String, day: Bool = true) -> String {
        let d = dialect
        var shape = [
            "LENGTH(\(value)) = \(day ? 10 : 7)", d.digits("SUBSTR(\(value), 1, 4)", count: 4),
            "SUBSTR(\(value), 5, 1) = '-'", d.digits("SUBSTR(\(value), 6, 2)", count: 2),
        ]
        if day { shape += ["SUBSTR(\(value), 8, 1) = '-'", d.digits("SUBSTR(\(value), 9, 2)", count: 2)] }
        let year = d.integer("SUBSTR(\(value), 1, 4)")
        let month = d.integer("SUBSTR(\(value), 6, 2)")
        var valid = "\(year) >= 1 AND \(month) BETWEEN 1 AND 12"
        if day {
            let dayNumber = d.integer("SUBSTR(\(value), 9, 2)")
            valid += """
                 AND \(dayNumber) >= 1 AND \(dayNumber) <= CASE WHEN \(month) IN (4, 6, 9, 11) THEN 30 \
                WHEN \(month) = 2 THEN CASE WHEN (\(year) % 4 = 0 AND \(year) % 100 <> 0) OR \(year) % 400 = 0 \
                THEN 29 ELSE 28 END ELSE 31 END
                """
        }
        let full =
            "(CASE WHEN \(shape.joined(separator: " AND ")) THEN (CASE WHEN \(valid) THEN 1 ELSE 0 END) ELSE 0 END) = 1"
        guard day, let common = d.commonDay(value) else { return full }
        return "(\(common) OR \(full))"
    }

    var query: String {
        source.dataset == .labourForce ? labourForceQuery : registryQuery
    }

    // MARK: registries

    private var dateColumn: String { source.dataset == .trainees ? "started_on" : "registered_on" }

    /// Attribute columns read: the required ones (checked) and the kept ones (grouped by).
    private var attributes: [(column: String, required: Bool, kept: Bool, alias: String)] {
        let required = Set(source.dataset.requiredColumns)
        return source.dataset.attributeColumns.enumerated().compactMap { index, column in
            let isRequired = required.contains(column)
            let kept = source.keptAttributes.contains(column) && self.column(column) != nil
            guard isRequired || kept else { return nil }
            return (column, isRequired, kept, "a\(index)_")
        }
    }

    private var registryQuery: String {
        let placed = source.dataset == .jobSeekers
        var raw = ["\(text("id")) AS id_", "\(text(dateColumn)) AS d_"]
        raw.append(placed ? "\(text("placed_on")) AS p_" : "'' AS p_")
        raw += attributes.map { "\(text($0.column)) AS \($0.alias)" }
        var reasons = [
            "WHEN id_ = '' THEN 'missing:id'", "WHEN d_ = '' THEN 'missing:\(dateColumn)'",
            "WHEN NOT (\(isDate("d_"))) THEN 'bad_date:\(dateColumn)'",
        ]
        reasons += attributes.filter(\.required).map { "WHEN \($0.alias) = '' THEN 'missing:\($0.column)'" }
        if placed {
            reasons += [
                "WHEN p_ <> '' AND NOT (\(isDate("p_"))) THEN 'bad_date:placed_on'",
                "WHEN p_ <> '' AND p_ < d_ THEN 'placed_before_registered'",
            ]
        }
        let kept = attributes.filter(\.kept).map(\.alias)
        let order = (["d_", "p_"] + attributes.map(\.alias)).joined(separator: ", ")
        let counted = "reason_ IS NULL AND n_ = 1"
        let groups =
            ["CASE WHEN \(counted) THEN d_ WHEN reason_ IS NULL THEN 'duplicate_id' ELSE reason_ END AS g_"]
            + (["p_"] + kept).map { "CASE WHEN \(counted) THEN \($0) ELSE '' END AS g\($0)" }
        let names = ["k_", "g_"] + (["p_"] + kept).map { "g\($0)" }
        // One pass: every row is ranked among the valid rows of its id (rejected rows form their
        // own partitions and are not ranked), then counted under its day and kept values, or under
        // its rule.
        return """
            WITH naker_raw AS (SELECT \(raw.joined(separator: ", ")) FROM \(relation)),
            naker_judged AS (SELECT naker_raw.*, CASE \(reasons.joined(separator: " ")) ELSE NULL END AS reason_
              FROM naker_raw),
            naker_ranked AS (SELECT naker_judged.*, ROW_NUMBER() OVER (PARTITION BY reason_, id_ ORDER BY \(order)) AS n_
              FROM naker_judged),
            naker_grouped AS (SELECT CASE WHEN \(counted) THEN 'n' ELSE 'r' END AS k_, \(groups.joined(separator: ", "))
              FROM naker_ranked)
            SELECT \(names.joined(separator: ", ")), COUNT(*) FROM naker_grouped GROUP BY \(names.joined(separator: ", "))
            """
    }

    // MARK: labour force

    private static let counts = ["working_age_population", "labour_force", "unemployed"]

    private var labourForceQuery: String {
        let d = dialect
        let raw =
            ["\(text("period")) AS period_", "\(text("area")) AS area_"]
            + Self.counts.enumerated().map { "\(text($1)) AS c\($0)_" }
        var reasons = [
            "WHEN period_ = '' THEN 'missing:period'",
            "WHEN NOT (\(isDate("period_", day: false))) THEN 'bad_period'",
            "WHEN area_ = '' THEN 'missing:area'",
        ]
        for (index, column) in Self.counts.enumerated() {
            reasons += [
                "WHEN c\(index)_ = '' THEN 'missing:\(column)'",
                "WHEN NOT (CASE WHEN \(d.count("c\(index)_")) THEN 1 ELSE 0 END = 1) THEN 'bad_count:\(column)'",
            ]
        }
        reasons += [
            "WHEN \(d.integer("c1_")) > \(d.integer("c0_")) THEN 'labour_force_above_working_age'",
            "WHEN \(d.integer("c2_")) > \(d.integer("c1_")) THEN 'unemployed_above_labour_force'",
        ]
        return """
            WITH naker_raw AS (SELECT \(raw.joined(separator: ", ")) FROM \(relation)),
            naker_judged AS (SELECT naker_raw.*, CASE \(reasons.joined(separator: " ")) ELSE NULL END AS reason_
              FROM naker_raw),
            naker_ranked AS (SELECT naker_judged.*,
              ROW_NUMBER() OVER (PARTITION BY period_, area_ ORDER BY c0_, c1_, c2_) AS n_
              FROM naker_judged WHERE reason_ IS NULL)
            SELECT 'e', period_, area_, c0_, c1_, c2_, 1 FROM naker_ranked WHERE n_ = 1
            UNION ALL SELECT 'r', reason_, '', '', '', '', COUNT(*) FROM naker_judged
              WHERE reason_ IS NOT NULL GROUP BY reason_
            UNION ALL SELECT 'r', 'duplicate_period_area', '', '', '', '', COUNT(*) FROM naker_ranked WHERE n_ > 1
            """
    }

    // MARK: results

    func decode(_ rows: [[String?]]) throws(SQLError) -> Result {
        var rejected: [RowRejection.Reason: Int] = [:]
        var accepted = 0
        var estimates: [LabourForceEstimate] = []
        var records = RecordCounts(kind: source.dataset)
        var registrations = JobSeekerRegistrations(validityDays: source.validityDays)
        let kept = attributes.filter(\.kept)
        for row in rows {
            guard let kind = row.first ?? nil, let countText = row.last ?? nil, let count = Int(countText)
            else {
                throw .unexpectedResult("a row without its kind or count")
            }
            let values = row.dropFirst().dropLast().map { $0 ?? "" }
            switch kind {
            case "r":
                guard count > 0 else { continue }
                rejected[try Self.reason(values.first ?? ""), default: 0] += count
            case "e":
                let numbers = values.dropFirst(2).compactMap { Int($0) }
                guard values.count == 5, let period = SurveyPeriod(text: values[0]), numbers.count == 3 else {
                    throw .unexpectedResult("a survey row that breaks the rules")
                }
                estimates.append(
                    LabourForceEstimate(
                        period: period, area: values[1], workingAgePopulation: numbers[0],
                        labourForce: numbers[1],
                        unemployed: numbers[2]))
                accepted += 1
            case "n":
                guard values.count == 2 + kept.count, let date = LocalDate(iso: values[0]) else {
                    throw .unexpectedResult("a count row with an invalid date")
                }
                let placed = values[1].isEmpty ? nil : LocalDate(iso: values[1])
                var attributeValues = source.dataset.attributeColumns.map { _ in "" }
                for (offset, attribute) in kept.enumerated() {
                    if let position = source.dataset.attributeColumns.firstIndex(of: attribute.column) {
                        attributeValues[position] = values[2 + offset]
                    }
                }
                if source.dataset == .jobSeekers {
                    let group = registrations.group(for: attributeValues)
                    registrations.add(group: group, registered: date, placed: placed, count: count)
                } else {
                    records.add(group: records.group(for: attributeValues), date: date, count: count)
                }
                accepted += count
            default:
                throw .unexpectedResult("a row of kind \(kind)")
            }
        }
        let data: SourceData
        switch source.dataset {
        case .labourForce:
            estimates.sort { ($0.period, $0.area) < ($1.period, $1.area) }
            data = .labourForce(estimates)
        case .jobSeekers: data = .jobSeekers(registrations)
        case .entrepreneurs: data = .entrepreneurs(records)
        case .trainees: data = .trainees(records)
        }
        return Result(data: data, accepted: accepted, rejected: rejected)
    }

    /// The rule a `code:column` the query wrote stands for.
    static func reason(_ text: String) throws(SQLError) -> RowRejection.Reason {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let column = parts.count > 1 ? parts[1] : ""
        switch parts.first ?? "" {
        case "missing": return .missing(column)
        case "bad_date": return .badDate(column, .iso)
        case "bad_period": return .badPeriod
        case "bad_count": return .badCount(column, thousandsSeparator: nil)
        case "labour_force_above_working_age": return .labourForceAboveWorkingAge
        case "unemployed_above_labour_force": return .unemployedAboveLabourForce
        case "placed_before_registered": return .placedBeforeRegistered
        case "duplicate_id": return .duplicateID
        case "duplicate_period_area": return .duplicatePeriodArea
        default: throw .unexpectedResult("the rule \(text)")
        }
    }
}
