import Foundation

/// The validated `global:` section.
public struct GlobalConfig: Hashable, Sendable {
    /// The area name that means the whole region (its rows are the region's totals).
    public var region: String
    public var timeZone: TimeZone
    public var recalcInterval: Duration

    public static let defaultTimeZone = "Asia/Makassar"
    public static let defaultRecalcInterval = Duration.seconds(300)

    public init(region: String, timeZone: TimeZone, recalcInterval: Duration = defaultRecalcInterval) {
        self.region = region
        self.timeZone = timeZone
        self.recalcInterval = recalcInterval
    }
}
