import ArgumentParser
import Foundation

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
