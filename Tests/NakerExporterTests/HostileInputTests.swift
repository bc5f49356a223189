import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What an admin's typo or a data share that goes away can put in front of the daemon: none of it
/// crashes (no exit ≥ 128) or hangs it (every wait here has a deadline).
@Suite(.serialized)
struct HostileInputTests {
    static let overflowingDurations = [
        "5000000000000000000ms5000000000000000000ms", "106751991167d106751991167d",
    ]

    /// The sample config with one edit, in a fresh sandbox.
    static func sandbox(_ edit: (String) throws -> String = { $0 }) throws -> Sandbox {
        let sandbox = try Sandbox()
        let example = try sandbox.read("naker-exporter.yml")
        let edited = try edit(example)
        try sandbox.write(edited, to: "naker-exporter.yml")
        return sandbox
    }

    static func replacing(_ old: String, with new: String) -> (String) throws -> String {
        { text in
            guard let range = text.range(of: old) else {
                throw ServerTestError(description: "not in the example config: \(old)")
            }
            return text.replacingCharacters(in: range, with: new)
        }
    }

    static let wubFor = "    for: 1h\n"

    // MARK: - Crashes

    @Test(arguments: overflowingDurations)
    func anOverflowingDurationIsAConfigError(text: String) throws {
        let sandbox = try Self.sandbox(Self.replacing(Self.wubFor, with: "    for: \(text)\n"))
        defer { sandbox.delete() }
        let output = try ExporterProcess.exporter(
            ["check-config", "--config.file=\(sandbox.configPath)"], timeout: .seconds(60))
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stderr.contains("alerts[1].for: \"\(text)\" is not a duration"), "\(output.stderr)")
    }

    @Test func aReloadWithAnOverflowingDurationKeepsTheOldConfig() throws {
        let sandbox = try Self.sandbox()
        defer { sandbox.delete() }
        let server = try ServerProcess(sandbox)
        defer { server.stop() }
        let example = try sandbox.read("naker-exporter.yml")
        let broken = try Self.replacing(Self.wubFor, with: "    for: \(Self.overflowingDurations[1])\n")(
            example)
        try sandbox.replaceAtomically(broken, at: "naker-exporter.yml")
        server.signal(SIGHUP)
        let refused = eventually(timeout: .seconds(30)) {
            (try? server.sample("naker_config_last_reload_successful")) == "0"
        }
        #expect(refused, "\(server.stderr)")
        #expect(server.process.isRunning, "the daemon survives the reload")
        #expect(try server.get("/").status == 200)
        server.signal(SIGTERM)
        #expect(server.waitForExit(timeout: .seconds(15)) == 0, "\(server.stderr)")
    }

    @Test func aGoalOf1e19IsRefused() throws {
        let sandbox = try Self.sandbox(
            Self.replacing("    goal: 10000                 # entrepreneurs", with: "    goal: 1e19 #"))
        defer { sandbox.delete() }
        let output = try ExporterProcess.exporter(
            ["check-config", "--config.file=\(sandbox.configPath)"], timeout: .seconds(60))
        #expect(output.status == 1)
        #expect(
            output.stderr.contains("targets[0].goal: \"1e19\" must be a whole number up to 1000000000000"),
            "\(output.stderr)")
    }

    /// A TPT goal of 1e-20 passes validation (it is in (0, 1]); the page and the firing
    /// alert's message format it without trapping, before and after a restart.
    @Test func aTinyRatioGoalIsShownAndAlertedWithoutACrash() throws {
        let sandbox = try Self.sandbox(
            Self.replacing("    goal: 0.04                  # ratios are 0–1", with: "    goal: 1e-20 #"))
        defer { sandbox.delete() }
        try AlertDeliveryTests.speedUp(sandbox)
        let storage = sandbox.path("state")
        for run in ["first", "second"] {
            let server = try ServerProcess(sandbox, name: run, storagePath: storage)
            defer { server.stop() }
            let page = try server.get("/")
            #expect(page.status == 200)
            #expect(page.text.contains("0,00 %"), "the goal as percent")
            if run == "first" {
                let queued = eventually(timeout: .seconds(30)) {
                    server.stderr.split(separator: "\n").contains {
                        $0.contains("notification queued") && $0.contains("TPTAboveTarget")
                    }
                }
                #expect(queued, "the TPT alert's message was rendered and queued: \(server.stderr)")
            }
            // Nothing may crash meanwhile: 3 s are three alert evaluations (one a second) and several
            // delivery attempts (retries every 200 ms to 1 s here), each rendering the hostile values.
            Thread.sleep(forTimeInterval: 3)
            #expect(server.process.isRunning, "\(server.stderr)")
            #expect(try server.get("/").status == 200)
            server.signal(SIGTERM)
            #expect(server.waitForExit(timeout: .seconds(15)) == 0, "\(server.stderr)")
        }
    }

    // MARK: - Hangs

    enum Special: String, CaseIterable, Sendable {
        case device, fifo

        /// Puts the special file where the trainee CSV was.
        func install(at path: String) throws {
            try FileManager.default.removeItem(atPath: path)
            switch self {
            case .device:
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/zero")
            case .fifo:
                guard mkfifo(path, 0o644) == 0 else {
                    throw ServerTestError(description: "mkfifo: errno \(errno)")
                }
            }
        }

        var reason: String {
            switch self {
            case .device: "is a character device, not a regular file"
            case .fifo: "is a FIFO (named pipe), not a regular file"
            }
        }
    }

    static let traineesUp = #"naker_source_up{source="pelatihan"}"#

    @Test(arguments: Special.allCases)
    func onceReportsASpecialFileDownAndReturns(kind: Special) throws {
        let sandbox = try Self.sandbox()
        defer { sandbox.delete() }
        try kind.install(at: sandbox.path("sample/trainees.csv"))
        let output = try ExporterProcess.exporter(
            ["once", "--config.file=\(sandbox.configPath)", "--at=2022-12-31"], timeout: .seconds(60))
        #expect(output.status == 0, "\(output.stderr)")
        #expect(ExporterProcess.sample(Self.traineesUp, in: output.stdout) == "0")
        #expect(output.stderr.contains(kind.reason), "\(output.stderr)")
        let check = try ExporterProcess.exporter(
            ["check-config", "--config.file=\(sandbox.configPath)"], timeout: .seconds(60))
        #expect(check.status == 0)
        #expect(
            check.stderr.contains("sources[3].csv.path: ") && check.stderr.contains(kind.reason),
            "\(check.stderr)")
    }

    @Test(arguments: Special.allCases)
    func theDaemonReportsASpecialFileDownAndStopsOnSIGTERM(kind: Special) throws {
        let sandbox = try Self.sandbox()
        defer { sandbox.delete() }
        let csv = sandbox.path("sample/trainees.csv")
        let trainees = try sandbox.read("sample/trainees.csv")
        try kind.install(at: csv)
        // Never ready: the trainee source has no data.
        let server = try ServerProcess(sandbox, ready: false)
        defer { server.stop() }
        let down = eventually(timeout: .seconds(30)) { (try? server.sample(Self.traineesUp)) == "0" }
        #expect(down, "\(server.stderr)")
        #expect(server.stderr.contains(kind.reason), "\(server.stderr)")

        // The file is put back: the source comes up without a restart.
        try FileManager.default.removeItem(atPath: csv)
        try sandbox.write(trainees, to: "sample/trainees.csv")
        let up = eventually(timeout: .seconds(30)) { (try? server.sample(Self.traineesUp)) == "1" }
        #expect(up, "\(server.stderr)")

        try kind.install(at: csv)
        // The daemon has met the special file again before it is asked to stop.
        let downAgain = eventually(timeout: .seconds(30)) { (try? server.sample(Self.traineesUp)) == "0" }
        #expect(downAgain, "\(server.stderr)")
        let clock = ContinuousClock()
        let asked = clock.now
        server.signal(SIGTERM)
        #expect(server.waitForExit(timeout: .seconds(5)) == 0, "\(server.stderr)")
        #expect(clock.now - asked < .seconds(5))
    }
}
