/// One survey estimate (Sakernas) for an area and period: the `labour_force` dataset's row.
public struct LabourForceEstimate: Hashable, Sendable {
    public var period: SurveyPeriod
    public var area: String
    public var workingAgePopulation: Int
    public var labourForce: Int
    public var unemployed: Int

    public init(
        period: SurveyPeriod, area: String, workingAgePopulation: Int, labourForce: Int, unemployed: Int
    ) {
        self.period = period
        self.area = area
        self.workingAgePopulation = workingAgePopulation
        self.labourForce = labourForce
        self.unemployed = unemployed
    }

    public var employed: Int { labourForce - unemployed }

    /// TPAK: labour force / working-age population; nil when there is no working-age population.
    public var participationRatio: Double? {
        workingAgePopulation > 0 ? Double(labourForce) / Double(workingAgePopulation) : nil
    }

    /// TPT: unemployed / labour force; nil when there is no labour force.
    public var openUnemploymentRatio: Double? {
        labourForce > 0 ? Double(unemployed) / Double(labourForce) : nil
    }
}
