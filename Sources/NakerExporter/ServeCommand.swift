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

    @Option(
        name: .customLong("web.listen-address"),
        help: "host:port to listen on (default 127.0.0.1:6309); repeat it to listen on several.")
    var listenAddressTexts: [String] = []

    /// The addresses asked for, the default when none was.
    var listenAddresses: [String] { listenAddressTexts.isEmpty ? ["127.0.0.1:6309"] : listenAddressTexts }

    @Option(
        name: .customLong("web.external-url"),
        help: ArgumentHelp(
            "The URL people and Alertmanager reach the exporter by (behind a proxy or under a LAN name); "
                + "links in notifications use it. Default: http://<listen address>."))
    var externalURL: String?

    @Option(name: .customLong("web.telemetry-path"), help: "The path serving the metrics.")
    var telemetryPath = "/metrics"

    @Option(
        name: .customLong("web.config.file"),
        help: ArgumentHelp(
            "exporter-toolkit web config: TLS (tls_server_config), basic_auth_users (bcrypt), "
                + "http_server_config.headers; re-read when it or its files change."))
    var webConfigFile: String?

    @Option(
        name: .customLong("web.max-connections"),
        help: "Most client connections open at once (kept below the descriptor limit).")
    var maxConnections = 512

    @Flag(name: .customLong("web.enable-lifecycle"), help: "Enable POST /-/reload.")
    var enableLifecycle = false

    @Option(
        name: .customLong("storage.path"),
        help: "State directory (default: $STATE_DIRECTORY under systemd, else ./data).")
    var storagePath: String?

    func validate() throws {
        for text in listenAddresses { _ = try ListenAddress(text) }
        guard maxConnections >= 1 else {
            throw ValidationError("--web.max-connections must be at least 1, e.g. 512")
        }
        _ = try externalURL.map(ExternalURL.init)
        let path = telemetryPath
        guard path.hasPrefix("/"), path.count > 1,
            !path.contains(where: { $0 == "?" || $0 == "#" || $0.isWhitespace })
        else {
            throw ValidationError(
                "--web.telemetry-path \"\(path)\" must be a path such as /metrics: a / then letters, digits, -, _, /"
            )
        }
        guard !MetricsServer.fixedPaths.contains(path) else {
            throw ValidationError(
                "--web.telemetry-path \"\(path)\" is taken by the server itself; choose another, e.g. /metrics"
            )
        }
    }

    func run() async throws {
        let logger = logging.bootstrap()
        let config = try config.load()
        let security: WebSecurity?
        do {
            security = try webConfigFile.map { path throws(WebSecurityError) in
                try WebSecurity(path: path, logger: logger)
            }
        } catch {
            printError("naker-exporter: \(error)")
            throw ExitCode(1)
        }
        let addresses = try listenAddresses.map(ListenAddress.init)
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
            revision: BuildInfo.revision, telemetryPath: telemetryPath, security: security, clock: clock)
        let (limits, descriptors) = ConnectionLimits.fitted(requested: maxConnections)
        logger.info(
            "client connections limited",
            metadata: [
                "max_connections": "\(limits.maximumConnections)", "open_files_limit": "\(descriptors)",
            ])
        let registry = ConnectionRegistry(limits: limits, logger: logger)
        // One server per address, all answering from the same state.
        let router = server.router()
        let applications = addresses.map { address in
            Application(
                router: router, server: server.httpServer(registry: registry),
                configuration: ApplicationConfiguration(
                    address: .hostname(address.host, port: address.port), serverName: nil),
                logger: logger)
        }
        let systemd = SystemdNotifier()
        let recalculation = RecalculationService(
            state: state, events: events, configPath: self.config.path, logger: logger, systemd: systemd,
            clock: clock)
        let delivery = DeliveryService(
            state: state, store: store, delivery: WebhookDelivery(logger: logger, clock: clock),
            logger: logger,
            clock: clock)
        let external = try externalURL.map { try ExternalURL($0).text } ?? addresses[0].externalURL
        let alerting = AlertingService(
            state: state, store: store, delivery: delivery, externalURL: external, logger: logger,
            clock: clock)
        let alertmanagers = AlertmanagerService(
            state: state, externalURL: external, logger: logger, clock: clock)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: recalculation), .init(service: ReloadSignalService(events: events)),
                    .init(service: alerting), .init(service: delivery), .init(service: alertmanagers),
                    // Not under systemd it has nothing to do and returns at once.
                    .init(
                        service: SystemdService(notifier: systemd, state: state, clock: clock),
                        successTerminationBehavior: .ignore),
                ] + applications.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            logger.error("the daemon stopped on an error", metadata: ["error": "\(error)"])
            let text = "\(error)"
            let hint =
                text.contains("Address already in use")
                ? " (\(listenAddresses.count == 1 ? "" : "one of ")\(listenAddresses.joined(separator: ", ")) is already in use)"
                : ""
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

/// `--web.external-url`: an absolute http(s) URL; a trailing `/` is dropped, so links join it
/// with a path of their own.
struct ExternalURL {
    var text: String

    init(_ raw: String) throws {
        var text = raw
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty, url.query == nil,
            url.fragment == nil, url.user == nil
        else {
            throw ValidationError(
                "--web.external-url must be an absolute http or https URL without a user or query, e.g. "
                    + "https://naker.tabalongkab.go.id or http://10.0.0.5:6309/naker")
        }
        self.text = text
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
