import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `naker-exporter` (and the real tools the tests check its output with).
enum ExporterProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var binary: String {
        ProcessInfo.processInfo.environment["NAKER_EXPORTER_BIN"]
            ?? packageRoot.appendingPathComponent(".build/debug/naker-exporter").path
    }

    static func path(_ relative: String) -> String {
        packageRoot.appendingPathComponent(relative).path
    }

    static func exporter(_ arguments: [String], timeout: Duration = .seconds(300)) throws -> Output {
        try run(binary, arguments, timeout: timeout)
    }

    /// Runs to completion; stdout and stderr are drained concurrently so neither pipe fills up.
    /// Past `timeout` the process is killed (SIGKILL) and the failure says so: a hang never
    /// holds the test run.
    static func run(
        _ executable: String, _ arguments: [String], stdin: String? = nil, timeout: Duration = .seconds(300)
    ) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) {
            outData = out.fileHandleForReading.readDataToEndOfFile()
        }
        DispatchQueue.global().async(group: group) {
            errData = err.fileHandleForReading.readDataToEndOfFile()
        }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let (seconds, attoseconds) = timeout.components
        let waitLimit =
            DispatchTime.now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
        if group.wait(timeout: waitLimit) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw ServerTestError(
                description: "\(executable) \(arguments) still running after \(timeout); killed")
        }
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The value of the one sample whose line starts with `series` (name and labels exactly).
    static func sample(_ series: String, in exposition: String) -> String? {
        for line in exposition.split(separator: "\n") where line.hasPrefix(series + " ") {
            return String(line.dropFirst(series.count + 1))
        }
        return nil
    }
}
