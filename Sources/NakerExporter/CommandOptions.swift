import ArgumentParser
import Logging
import NakerConfig
import NakerLogging
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

/// `--log.level` and `--log.format`, as Prometheus exporters spell them.
struct LoggingOptions: ParsableArguments {
    @Option(
        name: .customLong("log.level"),
        help: "Only log events at this level or above: debug, info, warn, error.")
    var level: LogLevelOption = .info

    @Option(name: .customLong("log.format"), help: "logfmt or json, one line per event on stderr.")
    var format: LogFormatOption = .logfmt

    /// Installs the stderr handler once per process and returns the root logger.
    func bootstrap() -> Logger {
        let level = level.swiftLogLevel
        let format = format.logFormat
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, level: level, format: format) }
        return Logger(label: "naker-exporter")
    }
}

enum LogLevelOption: String, ExpressibleByArgument, CaseIterable {
    case debug, info, warn, error

    var swiftLogLevel: Logger.Level {
        switch self {
        case .debug: .debug
        case .info: .info
        case .warn: .warning
        case .error: .error
        }
    }
}

enum LogFormatOption: String, ExpressibleByArgument, CaseIterable {
    case logfmt, json

    var logFormat: LogFormat { self == .json ? .json : .logfmt }
}

/// Writes `text` and a newline to stderr: messages for the person at the terminal.
func printError(_ text: String) {
    LineOutput.standardError.write(text + "\n")
}
