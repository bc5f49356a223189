import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `make install` and `make uninstall` into a DESTDIR (docs/operations.md), with `BINARY=` the
/// binary the tests already built: `swift test` holds the build directory's lock, so a build from
/// inside a test would wait forever (and a release build is minutes on 2 cores).
@Suite(.serialized)
struct InstallTests {

    struct MakeRun {
        var status: Int32
        var output: String
        var seconds: Double
    }

    /// `make -C <package root> ARGUMENTS`, output to a file (a pipe could fill up), killed after
    /// `timeout`.
    static func make(_ arguments: [String], in directory: URL, timeout: Duration) throws -> MakeRun {
        let log = directory.appendingPathComponent("make-\(UUID().uuidString).log").path
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/make")
        process.arguments = ["-C", ExporterProcess.packageRoot.path] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        let clock = ContinuousClock()
        let started = clock.now
        try process.run()
        let ended = eventually(timeout: timeout, interval: .milliseconds(200)) { !process.isRunning }
        if !ended {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard ended else {
            throw ServerTestError(description: "make \(arguments) still running after \(timeout):\n\(text)")
        }
        return MakeRun(
            status: process.terminationStatus, output: text, seconds: (clock.now - started).secondsValue)
    }

    /// Every regular file under `root`, relative to it, sorted.
    static func files(under root: String) throws -> [String] {
        let found = try ExporterProcess.run("/usr/bin/find", [root, "-type", "f", "-printf", "%P\n"])
        guard found.status == 0 else { throw ServerTestError(description: "find: \(found.stderr)") }
        return found.stdout.split(separator: "\n").map(String.init).sorted()
    }

    /// What `make install` is documented to lay out, from the files in the package now.
    static func expectedFiles() throws -> [String] {
        let manager = FileManager.default
        var files = [
            "usr/local/bin/naker-exporter",
            "usr/local/lib/systemd/system/naker-exporter.service",
            "etc/naker-exporter/naker-exporter.yml",
            "etc/naker-exporter/naker-exporter.yml.dist",
            "etc/default/naker-exporter",
            "usr/local/share/man/man1/naker-exporter.1",
            "usr/local/share/bash-completion/completions/naker-exporter",
            "usr/local/share/zsh/vendor-completions/_naker-exporter",
            "usr/local/share/fish/vendor_completions.d/naker-exporter.fish",
            "usr/local/share/doc/naker-exporter/README.md",
            "usr/local/share/doc/naker-exporter/sample-data.md",
        ]
        for name in try manager.contentsOfDirectory(atPath: ExporterProcess.path("docs"))
        where name.hasSuffix(".md") {
            files.append("usr/local/share/doc/naker-exporter/docs/" + name)
        }
        for name in try manager.contentsOfDirectory(atPath: ExporterProcess.path("Config/prometheus"))
        where name.hasSuffix(".yml") {
            files.append("usr/local/share/doc/naker-exporter/prometheus/" + name)
        }
        files += [
            "usr/local/share/doc/naker-exporter/grafana/naker-exporter.json",
            "usr/local/share/doc/naker-exporter/grafana/provisioning.yml",
        ]
        let templates = ExporterProcess.path("Config/templates")
        for name in try manager.contentsOfDirectory(atPath: templates) {
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: templates + "/" + name, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files.append("etc/naker-exporter/templates/" + name)
            }
        }
        for name in try manager.contentsOfDirectory(atPath: ExporterProcess.path("Config/sample"))
        where name.hasSuffix(".csv") {
            files.append("etc/naker-exporter/sample/" + name)
        }
        return files.sorted()
    }

    /// swift-argument-parser's manual generator, built beside the binary (`make test` builds it).
    static var manualTool: String {
        URL(fileURLWithPath: ExporterProcess.binary).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("generate-manual").path
    }

    static func permissions(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    /// The installed binary serving the installed config: ready, and reporting `revision`.
    static func serveInstalled(binary: String, config: String, scratch: URL) throws -> String {
        let port = try Loopback.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "serve", "--config.file=\(config)", "--web.listen-address=127.0.0.1:\(port)",
            "--storage.path=\(scratch.appendingPathComponent("state").path)",
        ]
        let stderr = scratch.appendingPathComponent("serve.stderr").path
        _ = FileManager.default.createFile(atPath: stderr, contents: nil)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderr))
        try process.run()
        defer {
            if process.isRunning {
                kill(process.processIdentifier, SIGTERM)
                process.waitUntilExit()
            }
        }
        let base = "http://127.0.0.1:\(port)"
        let ready = eventually(timeout: .seconds(30)) {
            process.isRunning && (try? HTTP.get(base + "/-/ready").status) == 200
        }
        guard ready else {
            let log = (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? ""
            throw ServerTestError(description: "the installed daemon is not ready:\n\(log)")
        }
        return try HTTP.get(base + "/metrics").text
    }

    @Test(.timeLimit(.minutes(10)))
    func installLaysOutTheDocumentedFilesAndKeepsAnEditedConfig() throws {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("naker-install-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let destination = scratch.appendingPathComponent("root").path
        let install = [
            "install", "DESTDIR=\(destination)", "BINARY=\(ExporterProcess.binary)",
            "MANUAL_TOOL=\(Self.manualTool)",
        ]
        func installed(_ relative: String) -> String { destination + "/" + relative }
        // Without BINARY=, it builds with the commit as the revision (checked with -n: nothing runs).
        let git = try ExporterProcess.run(
            "/usr/bin/git", ["-C", ExporterProcess.packageRoot.path, "rev-parse", "--short=12", "HEAD"])
        let head = git.status == 0 ? git.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : ""
        let dryRun = try Self.make(
            ["-n", "install", "DESTDIR=\(destination)", "CONFIGURATION=debug"], in: scratch,
            timeout: .seconds(60))
        #expect(dryRun.status == 0, "\(dryRun.output)")
        #expect(dryRun.output.contains(#"-c debug -Xcc -DNAKER_REVISION='"\#(head)"'"#), "\(dryRun.output)")
        // The branch and a Prometheus-style build date (20261203-13:40:12) for --version.
        #expect(dryRun.output.contains(#"-Xcc -DNAKER_BRANCH='""#), "\(dryRun.output)")
        #expect(
            dryRun.output.contains(try Regex(#"-Xcc -DNAKER_BUILD_DATE='"\d{8}-\d{2}:\d{2}:\d{2}"'"#)),
            "\(dryRun.output)")

        let first = try Self.make(install, in: scratch, timeout: .seconds(5 * 60))
        print("make install took \(Int(first.seconds.rounded())) s")
        try #require(first.status == 0, "\(first.output)")

        #expect(try Self.files(under: destination) == Self.expectedFiles())
        let credentials = installed("etc/naker-exporter/credentials")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: credentials, isDirectory: &isDirectory))
        #expect(isDirectory.boolValue)
        #expect(try Self.permissions(credentials) == 0o700)
        let binary = installed("usr/local/bin/naker-exporter")
        #expect(try Self.permissions(binary) == 0o755)
        #expect(try Self.permissions(installed("etc/naker-exporter/naker-exporter.yml")) == 0o644)
        let shipped = try String(
            contentsOfFile: ExporterProcess.path("Config/naker-exporter.yml"), encoding: .utf8)
        let config = installed("etc/naker-exporter/naker-exporter.yml")
        #expect(try String(contentsOfFile: config, encoding: .utf8) == shipped)

        // The installed binary runs, and the installed config with its sample data and templates
        // is valid where it lies.
        let version = try ExporterProcess.run(binary, ["--version"])
        #expect(version.status == 0, "\(version.stderr)")
        #expect(version.stdout.hasPrefix("naker-exporter, version "), "\(version.stdout)")
        let check = try ExporterProcess.run(binary, ["check-config", "--config.file=\(config)"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let metrics = try Self.serveInstalled(binary: binary, config: config, scratch: scratch)
        let buildInfo = metrics.split(separator: "\n").first { $0.hasPrefix("naker_build_info{") }
        #expect(buildInfo?.contains("version=") == true, "\(buildInfo ?? "none")")

        // The unit: ExecStart at $(PREFIX)/bin, hardened, and clean for systemd-analyze once its
        // ExecStart points at a binary that exists on this machine.
        let unit = installed("usr/local/lib/systemd/system/naker-exporter.service")
        let unitText = try String(contentsOfFile: unit, encoding: .utf8)
        #expect(unitText.contains("ExecStart=/usr/local/bin/naker-exporter serve"))
        #expect(unitText.contains("EnvironmentFile=-/etc/default/naker-exporter"))
        #expect(unitText.contains("--web.listen-address=127.0.0.1:6309 $ARGS"))
        let security = try ExporterProcess.run(
            "/usr/bin/systemd-analyze", ["security", "--offline=yes", unit])
        let overall = security.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") }
        let exposure = overall?.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
        #expect(exposure.map { $0 <= 2.0 } == true, "\(security.stdout)\(security.stderr)")
        let unitCopy = scratch.appendingPathComponent("units/naker-exporter.service")
        try FileManager.default.createDirectory(
            at: unitCopy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(unitText.replacingOccurrences(of: "/usr/local/bin/naker-exporter", with: binary).utf8)
            .write(to: unitCopy)
        let verify = try ExporterProcess.run("/usr/bin/systemd-analyze", ["verify", unitCopy.path])
        #expect(verify.status == 0 && verify.stdout.isEmpty && verify.stderr.isEmpty, "\(verify)")

        // Again over an edited config and a stale .dist: the edit stays, .dist is the shipped file.
        let edit = "# edited by the operator\n"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: config))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(edit.utf8))
        try handle.close()
        let dist = installed("etc/naker-exporter/naker-exporter.yml.dist")
        try Data("# an older release\n".utf8).write(to: URL(fileURLWithPath: dist))
        let defaults = installed("etc/default/naker-exporter")
        let shippedDefaults = try String(
            contentsOfFile: ExporterProcess.path("systemd/naker-exporter.default"), encoding: .utf8)
        #expect(try String(contentsOfFile: defaults, encoding: .utf8) == shippedDefaults)
        try Data("ARGS=\"--log.level=debug\"\n".utf8).write(to: URL(fileURLWithPath: defaults))
        let second = try Self.make(install, in: scratch, timeout: .seconds(5 * 60))
        print("make install again took \(Int(second.seconds.rounded())) s")
        try #require(second.status == 0, "\(second.output)")
        #expect(try String(contentsOfFile: config, encoding: .utf8) == shipped + edit)
        #expect(try String(contentsOfFile: dist, encoding: .utf8) == shipped)
        #expect(try String(contentsOfFile: defaults, encoding: .utf8) == "ARGS=\"--log.level=debug\"\n")
        #expect(try Self.files(under: destination) == Self.expectedFiles())

        // Uninstall removes the program and its docs, keeps config and credentials.
        try Data("https://gateway.example/hook/TOKEN\n".utf8)
            .write(to: URL(fileURLWithPath: credentials + "/leadership_url"))
        let uninstall = try Self.make(
            ["uninstall", "DESTDIR=\(destination)"], in: scratch, timeout: .seconds(60))
        try #require(uninstall.status == 0, "\(uninstall.output)")
        let manager = FileManager.default
        #expect(!manager.fileExists(atPath: binary))
        #expect(!manager.fileExists(atPath: unit))
        #expect(!manager.fileExists(atPath: installed("usr/local/share/doc/naker-exporter")))
        #expect(try String(contentsOfFile: config, encoding: .utf8) == shipped + edit)
        #expect(manager.fileExists(atPath: credentials + "/leadership_url"))
        let kept = try Self.files(under: destination)
        // The config, the credentials and the operator's flags are the operator's: they stay.
        #expect(
            kept.allSatisfy { $0.hasPrefix("etc/naker-exporter/") || $0 == "etc/default/naker-exporter" },
            "\(kept)")
        let keptExpected = try Self.expectedFiles().filter { $0.hasPrefix("etc/") }
        #expect(kept == (keptExpected + ["etc/naker-exporter/credentials/leadership_url"]).sorted())
    }

    /// The Debian layout: `PREFIX=/usr` puts the man page and the completions where man, bash,
    /// zsh and fish look, generated from the command's own help.
    @Test(.timeLimit(.minutes(5)))
    func aDebianPrefixInstallsTheManPageAndCompletions() throws {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("naker-install-usr-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let destination = scratch.appendingPathComponent("root").path
        let run = try Self.make(
            [
                "install", "DESTDIR=\(destination)", "PREFIX=/usr", "BINARY=\(ExporterProcess.binary)",
                "MANUAL_TOOL=\(Self.manualTool)",
            ], in: scratch, timeout: .seconds(4 * 60))
        try #require(run.status == 0, "\(run.output)")
        func text(_ relative: String) throws -> String {
            try String(contentsOfFile: destination + "/" + relative, encoding: .utf8)
        }
        #expect(try text("etc/default/naker-exporter").contains("ARGS="))
        let manual = try text("usr/share/man/man1/naker-exporter.1")
        #expect(manual.contains(".Dt NAKER-EXPORTER 1"), "\(manual.prefix(300))")
        for flag in ["web.config.file", "web.max-connections", "web.external-url", "check-config", "once"] {
            #expect(manual.contains(flag), "the man page lacks \(flag)")
        }
        let bash = try text("usr/share/bash-completion/completions/naker-exporter")
        #expect(bash.hasPrefix("#!/bin/bash") && bash.contains("--web.config.file"))
        #expect(
            try text("usr/share/zsh/vendor-completions/_naker-exporter").hasPrefix("#compdef naker-exporter"))
        #expect(
            try text("usr/share/fish/vendor_completions.d/naker-exporter.fish").contains("web.config.file"))
        let unit = try text("usr/lib/systemd/system/naker-exporter.service")
        #expect(unit.contains("ExecStart=/usr/bin/naker-exporter serve"))
        // Grafana's provisioning points at where the dashboard was installed.
        #expect(
            try text("usr/share/doc/naker-exporter/grafana/provisioning.yml").contains(
                "path: /usr/share/doc/naker-exporter/grafana"))
        #expect(
            FileManager.default.fileExists(
                atPath: destination + "/usr/share/doc/naker-exporter/grafana/naker-exporter.json"))
    }
}
