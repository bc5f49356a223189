// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "naker-exporter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "naker-exporter", targets: ["NakerExporter"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // Pure core: datasets, indicator maths, targets, exposition. No I/O; the maths take dates, and
        // the one clock the services share (`ServiceClock`) is declared here but read only by them.
        .target(name: "NakerCore", dependencies: ["CPrefetch"]),
        // Header only: a cache prefetch hint for the row parser's two random memory accesses.
        .systemLibrary(name: "CPrefetch"),
        // Config file model, YAML decoding and whole-file validation.
        .target(
            name: "NakerConfig",
            dependencies: [
                "NakerCore", .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Readers at the edge: CSV files, XLSX workbooks and databases into datasets.
        .target(
            name: "NakerSources",
            dependencies: [
                "NakerCore", "NakerConfig", "NakerCurl", "CPrefetch",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"), "CLibPQ", "CMariaDB", "CSQLite",
            ]
        ),
        // The reference C clients of the database sources (Debian's -dev packages).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CMariaDB", pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // swift-log handler: one logfmt or JSON line per event on stderr.
        .target(
            name: "NakerLogging",
            dependencies: ["NakerCore", .product(name: "Logging", package: "swift-log")]),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Durable state: alert states, notification log, outbox (SQLite through GRDB, WAL).
        .target(name: "NakerStore", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // The one libcurl transport: a request on its own thread, its answer bounded, its failures
        // classified; webhooks and `http:` sources both go through it.
        .target(name: "NakerCurl", dependencies: ["CCurl"]),
        // Webhook delivery: retry policy, HMAC signing, message templates, over NakerCurl.
        .target(
            name: "NakerNotify",
            dependencies: [
                "NakerCore", "NakerConfig", "NakerCurl",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Header only: the build's commit, from the Makefile's -DNAKER_REVISION.
        .systemLibrary(name: "CBuildInfo"),
        .systemLibrary(name: "CGzip", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Header only: glibc's malloc_trim.
        .systemLibrary(name: "CMalloc"),
        // The long-running daemon: recalculation service, snapshot store, HTTP server (TLS, basic auth,
        // connection limits), self-metrics.
        .target(
            name: "NakerDaemon",
            dependencies: [
                "NakerCore", "NakerConfig", "NakerSources", "NakerNotify", "NakerStore", "CGzip", "CMalloc",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "NakerExporter",
            dependencies: [
                "NakerCore", "NakerConfig", "NakerSources", "NakerLogging", "NakerDaemon", "NakerNotify",
                "NakerStore", "CBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Helpers shared by the test targets (log capture, temporary directories).
        .target(
            name: "NakerTestSupport",
            dependencies: ["NakerCore", .product(name: "Logging", package: "swift-log")],
            path: "Tests/NakerTestSupport"
        ),
        .testTarget(name: "NakerCoreTests", dependencies: ["NakerCore"]),
        .testTarget(
            name: "NakerConfigTests",
            dependencies: ["NakerConfig", "NakerCore", "NakerNotify", "NakerTestSupport"]),
        .testTarget(
            name: "NakerSourcesTests",
            dependencies: [
                "NakerSources", "NakerConfig", "NakerCore", "NakerTestSupport", "CSQLite",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "NakerDaemonTests",
            dependencies: [
                "NakerDaemon", "NakerCore", "NakerConfig", "NakerSources", "NakerStore", "NakerNotify",
                "NakerTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "NakerLoggingTests",
            dependencies: ["NakerLogging", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "NakerStoreTests",
            dependencies: ["NakerStore", "NakerTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "NakerNotifyTests",
            dependencies: ["NakerNotify", "NakerConfig", "NakerCore", "NakerTestSupport"]),
        .testTarget(name: "NakerExporterTests", dependencies: ["NakerExporter", "NakerTestSupport"]),
    ]
)

// libFuzzer targets (Fuzz/README.md; `make fuzz`, `make fuzz-smoke`), declared only when NAKER_FUZZ
// is set, so that `swift build`, `swift test` and `make test`'s own build never see them. The
// project's modules then get coverage instrumentation and AddressSanitizer; dependencies do not.
if Context.environment["NAKER_FUZZ"] != nil {
    let sanitizers = ["-sanitize=fuzzer,address"]
    for target in package.targets where target.type == .regular && target.name.hasPrefix("Naker") {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(sanitizers)]
    }
    // Each target's main.swift hands its test function to libFuzzer (LLVMFuzzerRunDriver).
    func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
        .executableTarget(
            name: "Fuzz\(name)", dependencies: ["FuzzSupport"] + dependencies, path: "Fuzz/Fuzz\(name)",
            swiftSettings: [.unsafeFlags(sanitizers)],
            linkerSettings: [.unsafeFlags(sanitizers + ["-use-ld=lld"])])
    }
    let fuzzTargets = [
        fuzzTarget("Config", ["NakerConfig", "NakerNotify"]),
        fuzzTarget("Numbers", ["NakerConfig", "NakerCore"]),
        fuzzTarget(
            "CSV",
            ["NakerSources", "NakerConfig", "NakerCore", .product(name: "Logging", package: "swift-log")]),
        fuzzTarget("Negotiation", ["NakerCore"]),
        fuzzTarget("RetryAfter", ["NakerNotify", "NakerConfig"]),
        fuzzTarget("Template", ["NakerNotify", "NakerCore"]),
    ]
    let support: [Target] = [
        .systemLibrary(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"], path: "Fuzz/FuzzSupport"),
    ]
    package.targets += support + fuzzTargets
    // Products `fuzz-config`, `fuzz-numbers`, ... (Fuzz/run.sh builds and runs them by these names).
    let names = ["config", "numbers", "csv", "negotiation", "retry-after", "template"]
    package.products += zip(names, fuzzTargets).map { .executable(name: "fuzz-\($0)", targets: [$1.name]) }
}
