import ArgumentParser
import Foundation
import NakerCore
import NakerDaemon

/// `test-receiver`: post one test notification to a receiver and print the HTTP outcome.
struct TestReceiverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-receiver",
        abstract: "Send a test notification to one receiver and print the outcome (exit 0 on a 2xx)."
    )

    @OptionGroup var config: ConfigFileOption

    @Option(help: "The receiver's name (receivers[].name).")
    var receiver: String

    func run() async throws {
        let loaded = try config.load()
        let outcome = await TestNotification.send(
            config: loaded, receiver: receiver, externalURL: "http://naker-exporter",
            now: SystemClock().unixTime)
        if outcome.delivered {
            print(outcome.summary)
        } else {
            printError(outcome.summary)
            throw ExitCode(1)
        }
    }
}
