import Foundation

/// Runs a real tool with text on stdin, so rendered bodies are checked by the parsers scrapers use.
enum Subprocess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Input and output go through temporary files rather than pipes: nothing can deadlock on a full
    /// pipe, and a tool that exits early cannot raise SIGPIPE in the test process.
    static func run(_ executable: String, _ arguments: [String] = [], input: String) throws -> Output {
        let files = FileManager.default
        let directory = files.temporaryDirectory.appendingPathComponent("naker-expo-\(UUID().uuidString)")
        try files.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? files.removeItem(at: directory) }
        let inputURL = directory.appendingPathComponent("stdin")
        let stdoutURL = directory.appendingPathComponent("stdout")
        let stderrURL = directory.appendingPathComponent("stderr")
        try Data(input.utf8).write(to: inputURL)
        try Data().write(to: stdoutURL)
        try Data().write(to: stderrURL)

        let stdin = try FileHandle(forReadingFrom: inputURL)
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdin.close()
            try? stdout.close()
            try? stderr.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self)
        )
    }
}
