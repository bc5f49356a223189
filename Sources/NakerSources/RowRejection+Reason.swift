extension RowRejection {
    /// Why a row was rejected. Columns are named by their canonical names (docs/configuration.md).
    public enum Reason: Hashable, Sendable {
        case fieldCount(expected: Int, found: Int)
        case missing(String)
        case badDate(String)
        case badPeriod
        case badCount(String)
        case labourForceAboveWorkingAge
        case unemployedAboveLabourForce
        case placedBeforeRegistered
        case duplicateID
        case duplicatePeriodArea
        case malformed(CSVRecordProblem)

        /// A stable short name, for summaries.
        public var code: String {
            switch self {
            case .fieldCount: "field_count"
            case .missing: "missing"
            case .badDate: "bad_date"
            case .badPeriod: "bad_period"
            case .badCount: "bad_count"
            case .labourForceAboveWorkingAge: "labour_force_above_working_age"
            case .unemployedAboveLabourForce: "unemployed_above_labour_force"
            case .placedBeforeRegistered: "placed_before_registered"
            case .duplicateID: "duplicate_id"
            case .duplicatePeriodArea: "duplicate_period_area"
            case .malformed: "malformed_csv"
            }
        }
    }
}

extension RowRejection.Reason: CustomStringConvertible {
    public var description: String {
        switch self {
        case .fieldCount(let expected, let found):
            "the row has \(found) fields but the header has \(expected); check delimiters and quoting"
        case .missing(let column):
            "required column '\(column)' is empty; fill it in"
        case .badDate(let column):
            "column '\(column)' is not a date; write it as YYYY-MM-DD"
        case .badPeriod:
            "column 'period' is not a survey period; write it as YYYY-MM"
        case .badCount(let column):
            "column '\(column)' is not a whole number >= 0; write digits only, no separators or decimals"
        case .labourForceAboveWorkingAge:
            "labour_force is larger than working_age_population; correct the estimate"
        case .unemployedAboveLabourForce:
            "unemployed is larger than labour_force; correct the estimate"
        case .placedBeforeRegistered:
            "placed_on is before registered_on; correct either date"
        case .duplicateID:
            "the id already appeared on an earlier row; only the first is counted, remove or fix this one"
        case .duplicatePeriodArea:
            "this period and area already appeared on an earlier row; keep one estimate per period and area"
        case .malformed(let problem):
            problem.description
        }
    }
}
