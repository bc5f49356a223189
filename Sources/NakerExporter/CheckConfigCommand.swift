import ArgumentParser
import Foundation
import NakerConfig

/// `check-config`: 0 on a valid file, else 1 with every problem named by key path.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a config file; exit 0 when valid, else 1 with every problem by key path."
    )

    @OptionGroup var config: ConfigFileOption

    func run() throws {
        let loaded = try config.load()
        // A missing data file is not a config error (the source just reports down), but say so now.
        for (index, source) in loaded.sources.enumerated() {
            if case .csv(let csv) = source.location, !FileManager.default.isReadableFile(atPath: csv.path) {
                printError(
                    "warning: sources[\(index)].csv.path: \(csv.path) is not readable yet; source \(source.name) will report naker_source_up 0"
                )
            }
        }
        print("\(config.path): valid (\(loaded.sources.count) sources, \(loaded.targets.count) targets)")
    }
}
