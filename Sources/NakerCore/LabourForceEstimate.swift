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

/// A labour-force survey period, written `YYYY-MM` (BPS Sakernas runs in February and August).
public struct SurveyPeriod: Hashable, Comparable, Sendable {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`; nothing else is accepted.
    public init?(text: some StringProtocol) {
        let parsed = Array(text.utf8).withUnsafeBytes { bytes -> (year: Int, month: Int)? in
            guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
                let year = LocalDate.decimal(bytes, 0..<4),
                let month = LocalDate.decimal(bytes, 5..<7)
            else { return nil }
            return (year, month)
        }
        guard let parsed else { return nil }
        self.init(year: parsed.year, month: parsed.month)
    }

    public var firstDay: LocalDate {
        // Valid by construction: day 1 exists in every month.
        LocalDate(year: year, month: month, day: 1)!
    }

    public static func < (lhs: SurveyPeriod, rhs: SurveyPeriod) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }
}

extension SurveyPeriod: CustomStringConvertible {
    public var description: String {
        "\(LocalDate.padded(year, 4))-\(LocalDate.padded(month, 2))"
    }
}
