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
    ],
    targets: [
        // Pure core: datasets, indicator maths, targets, exposition. No I/O, no clock reads.
        .target(name: "NakerCore"),
        // Config file model, YAML decoding and whole-file validation.
        .target(
            name: "NakerConfig",
            dependencies: ["NakerCore", .product(name: "Yams", package: "Yams")]
        ),
        // Readers at the edge: CSV files into datasets.
        .target(
            name: "NakerSources",
            dependencies: ["NakerCore", "NakerConfig", .product(name: "Logging", package: "swift-log")]
        ),
        // swift-log handler: one logfmt or JSON line per event on stderr.
        .target(name: "NakerLogging", dependencies: [.product(name: "Logging", package: "swift-log")]),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The long-running daemon: recalculation service, snapshot store, HTTP server, self-metrics.
        .target(
            name: "NakerDaemon",
            dependencies: [
                "NakerCore", "NakerConfig", "NakerSources", "CZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "NakerExporter",
            dependencies: [
                "NakerCore", "NakerConfig", "NakerSources", "NakerLogging", "NakerDaemon", "CCurl",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "NakerCoreTests", dependencies: ["NakerCore"]),
        .testTarget(name: "NakerConfigTests", dependencies: ["NakerConfig"]),
        .testTarget(
            name: "NakerSourcesTests",
            dependencies: ["NakerSources", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "NakerDaemonTests",
            dependencies: [
                "NakerDaemon", "NakerConfig", "NakerSources", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "NakerExporterTests", dependencies: ["NakerExporter"]),
    ]
)
