import FuzzSupport
import NakerConfig
import NakerNotify

/// The repository's Config/ folder: relative paths in a config (templates, sample data) resolve
/// there, so the shipped config validates whole and mutants of it reach every check.
private let configDirectory: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Fuzz/FuzzConfig/FuzzConfig.swift
    return (parts + ["Config"]).joined(separator: "/")
}()

private let environment = ["CREDENTIALS_DIRECTORY": configDirectory + "/credentials", "NAKER_TOKEN": "t"]

/// Any text as a config file: parsing and validation must end in a `Config` or a `ConfigError`
/// that names at least one problem, never in a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let yaml = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    do {
        let config = try ConfigParser.parse(
            yaml: yaml, baseDirectory: configDirectory, fileName: "fuzz.yml", environment: environment,
            templates: TemplateCheck())
        // Walks every value of the result.
        fuzzCheck(
            config == config && !config.receivers.contains { $0.name.isEmpty }, "a receiver without a name")
    } catch {
        fuzzCheck(!error.problems.isEmpty, "a ConfigError without problems")
        let text = error.description
        fuzzCheck(text.hasPrefix("config file fuzz.yml has "), "unexpected description: \(text)")
    }
    return 0
}
