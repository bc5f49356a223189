import ArgumentParser
import NakerConfig
import NakerNotify

/// `--config.file`, and reading it with every problem reported.
struct ConfigFileOption: ParsableArguments {
    @Option(name: .customLong("config.file"), help: "The YAML config file.")
    var path: String = "naker-exporter.yml"

    /// Loads and validates the config; on a problem prints them all and exits 1.
    func load() throws -> Config {
        do {
            return try ConfigParser.load(path: path, templates: TemplateCheck())
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }
}
