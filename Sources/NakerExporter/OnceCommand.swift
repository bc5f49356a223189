import ArgumentParser
import Foundation
import NakerConfig
import NakerCore
import NakerLogging
import NakerSources

/// `once`: load every source, compute as of a date, print the domain metrics, exit.
struct OnceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "once",
        abstract: "Compute the indicators once and print the domain metrics to stdout (no server, no alerts)."
    )

    @OptionGroup var config: ConfigFileOption
    @OptionGroup var logging: LoggingOptions

    @Option(help: "Evaluation date, YYYY-MM-DD (default: today in the configured time zone).")
    var at: String?

    @Option(help: "text (Prometheus 0.0.4) or openmetrics.")
    var format: ExpositionFormatOption = .text

    func validate() throws {
        if let at, LocalDate(iso: at) == nil {
            throw ValidationError("--at \"\(at)\" is not a date; write YYYY-MM-DD, e.g. --at=2022-12-31")
        }
    }

    func run() throws {
        let logger = logging.bootstrap()
        let config = try config.load()
        let date =
            at.flatMap { LocalDate(iso: $0) }
            ?? LocalDate.on(unixTime: SystemClock().unixTime, in: config.global.timeZone)
        let loaded = SourceLoadRound.run(config.sources, logger: logger)
        let report = LabourMarketCalculator.report(
            Datasets(loaded.data), targets: config.targets, region: config.global.region, on: date,
            histories: false)
        let families = DomainMetrics.families(
            report, sources: loaded.statuses, timeZone: config.global.timeZone)
        var body: [UInt8] = []
        ExpositionRenderer.render(families, format: format.exposition, into: &body)
        LineOutput.standardOutput.write(body)
    }
}

enum ExpositionFormatOption: String, ExpressibleByArgument, CaseIterable {
    case text, openmetrics

    var exposition: ExpositionFormat { self == .text ? .text : .openMetrics }
}
