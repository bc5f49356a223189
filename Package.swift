// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "naker-exporter",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "naker-exporter", targets: ["NakerExporter"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
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
        .executableTarget(
            name: "NakerExporter",
            dependencies: [
                "NakerCore", "NakerConfig", "NakerSources", "NakerLogging", "CCurl",
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
        .testTarget(name: "NakerExporterTests", dependencies: ["NakerExporter"]),
    ]
)
