import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NakerCore
import NakerDaemon
import NakerNotify
import NakerStore
import ServiceLifecycle

/// `serve` (the default): recalculate on a timer and serve `/metrics` until SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the exporter: recalculate on a timer, serve /metrics and the status page."
    )

    @OptionGroup var config: ConfigFileOption
    @OptionGroup var logging: LoggingOptions

    @Option(name: .customLong("web.listen-address"), help: "host:port to listen on.")
    var listenAddress = "127.0.0.1:6309"

    @Flag(name: .customLong("web.enable-lifecycle"), help: "Enable POST /-/reload.")
    var enableLifecycle = false

    @Option(
        name: .customLong("storage.path"),
        help: "State directory (default: $STATE_DIRECTORY under systemd, else ./data).")
    var storagePath: String?

    func validate() throws {
        _ = try ListenAddress(listenAddress)
    }

    func run() async throws {
        let logger = logging.bootstrap()
        let config = try config.load()
        let address = try ListenAddress(listenAddress)
        let storage = storagePath ?? ProcessInfo.processInfo.environment["STATE_DIRECTORY"] ?? "data"
        try StateDirectory.prepare(storage)
        let store: StateStore
        do {
            store = try StateStore(directory: storage)
        } catch {
            printError("naker-exporter: \(error)")
            throw ExitCode(2)
        }

        // The one clock every service runs on.
        let clock = SystemClock()
        let state = ExporterState(config: config, configLoadedAt: clock.unixTime)
        let events = RecalculationEvents()
        let server = MetricsServer(
            state: state, events: events, lifecycleEnabled: enableLifecycle, version: BuildInfo.version,
            revision: BuildInfo.revision)
        let application = Application(
            router: server.router(), server: MetricsServer.httpServer,
            configuration: ApplicationConfiguration(
                address: .hostname(address.host, port: address.port), serverName: nil),
            logger: logger)
        let systemd = SystemdNotifier()
        let recalculation = RecalculationService(
            state: state, events: events, configPath: self.config.path, logger: logger, systemd: systemd,
            clock: clock)
        let delivery = DeliveryService(
            state: state, store: store, delivery: WebhookDelivery(logger: logger, clock: clock),
            logger: logger,
            clock: clock)
        let alerting = AlertingService(
            state: state, store: store, delivery: delivery, externalURL: address.externalURL, logger: logger,
            clock: clock)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: recalculation), .init(service: ReloadSignalService(events: events)),
                    .init(service: application), .init(service: alerting), .init(service: delivery),
                    // Not under systemd it has nothing to do and returns at once.
                    .init(
                        service: SystemdService(notifier: systemd, state: state, clock: clock),
                        successTerminationBehavior: .ignore),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            logger.error("the daemon stopped on an error", metadata: ["error": "\(error)"])
            let text = "\(error)"
            let hint = text.contains("Address already in use") ? " (\(listenAddress) is already in use)" : ""
            printError("naker-exporter: \(text)\(hint)")
            throw ExitCode(2)
        }
    }
}

/// `--storage.path`: created when missing; an unwritable one is a start failure (exit 2).
enum StateDirectory {
    static func prepare(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            printError(
                "naker-exporter: cannot create the state directory \(path); pass a writable --storage.path")
            throw ExitCode(2)
        }
        guard FileManager.default.isWritableFile(atPath: path) else {
            printError(
                "naker-exporter: the state directory \(path) is not writable; pass a writable --storage.path")
            throw ExitCode(2)
        }
    }
}

/// `--web.listen-address`: `host:port`, `[v6]:port`, or `:port` for every interface.
struct ListenAddress {
    var host: String
    var port: Int

    init(_ text: String) throws {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw ValidationError(
                "--web.listen-address \"\(text)\" must be host:port, e.g. 127.0.0.1:6309 or :6309")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host.isEmpty ? "0.0.0.0" : host
        self.port = port
    }

    /// Where people reach us, for `externalURL` in notifications.
    var externalURL: String {
        let name = host == "0.0.0.0" || host == "::" ? ProcessInfo.processInfo.hostName : host
        return "http://\(name.contains(":") ? "[\(name)]" : name):\(port)"
    }
}
