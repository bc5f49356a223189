import NakerCore

/// `labour_force` rows into survey estimates (docs/formulas.md, row rules).
struct LabourForceRowParser {
    private struct PeriodArea: Hashable {
        var period: SurveyPeriod
        var area: String
    }

    private let period: Int
    private let area: Int
    private let workingAgePopulation: Int
    private let labourForce: Int
    private let unemployed: Int
    private var seen: Set<PeriodArea> = []
    private(set) var estimates: [LabourForceEstimate] = []

    init(columns: HeaderColumns) {
        period = columns.index(ofRequired: "period")
        area = columns.index(ofRequired: "area")
        workingAgePopulation = columns.index(ofRequired: "working_age_population")
        labourForce = columns.index(ofRequired: "labour_force")
        unemployed = columns.index(ofRequired: "unemployed")
    }

    /// Adds the row, or returns why not. `fields` has the header's field count.
    mutating func parse(_ fields: [String]) -> RowRejection.Reason? {
        let periodText = FieldText.trimmed(fields[period])
        guard !periodText.isEmpty else { return .missing("period") }
        guard let surveyPeriod = SurveyPeriod(text: periodText) else { return .badPeriod }
        let areaText = FieldText.trimmed(fields[area])
        guard !areaText.isEmpty else { return .missing("area") }

        var counts: [Int] = []
        for (index, column) in [
            (workingAgePopulation, "working_age_population"), (labourForce, "labour_force"),
            (unemployed, "unemployed"),
        ] {
            let text = FieldText.trimmed(fields[index])
            guard !text.isEmpty else { return .missing(column) }
            guard let count = FieldText.count(text) else { return .badCount(column) }
            counts.append(count)
        }
        let estimate = LabourForceEstimate(
            period: surveyPeriod, area: areaText, workingAgePopulation: counts[0], labourForce: counts[1],
            unemployed: counts[2])
        guard estimate.labourForce <= estimate.workingAgePopulation else {
            return .labourForceAboveWorkingAge
        }
        guard estimate.unemployed <= estimate.labourForce else { return .unemployedAboveLabourForce }
        guard seen.insert(PeriodArea(period: surveyPeriod, area: areaText)).inserted else {
            return .duplicatePeriodArea
        }
        estimates.append(estimate)
        return nil
    }
}
