import ArgumentParser
import Foundation

@main
struct NakerExporterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "naker-exporter",
        abstract: "Labour-market indicators and target progress of a Disnaker, as Prometheus metrics.",
        version: BuildInfo.versionText,
        subcommands: [
            ServeCommand.self, OnceCommand.self, CheckConfigCommand.self, TestReceiverCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            // Our own exits: the message is already printed.
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }  // --help, --version
            printError(fullMessage(for: error))
            // Usage problems exit 1 (docs/operations.md) (ArgumentParser's own default is 64).
            Foundation.exit(code == .validationFailure ? 1 : code.rawValue)
        }
    }
}
