import Foundation
import Testing

/// The shipped unit, checked by systemd's own tools.
struct SystemdUnitTests {
    static let unit = ExporterProcess.path("systemd/naker-exporter.service")

    /// A copy whose ExecStart points at the built binary, since verify checks that it exists.
    func unitForThisBuild() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("naker-unit-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let text = try String(contentsOfFile: Self.unit, encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/naker-exporter", with: ExporterProcess.binary)
        let copy = directory.appendingPathComponent("naker-exporter.service")
        try text.write(to: copy, atomically: true, encoding: .utf8)
        return copy
    }

    @Test func verifyIsClean() throws {
        let copy = try unitForThisBuild()
        defer { try? FileManager.default.removeItem(at: copy.deletingLastPathComponent()) }
        let result = try ExporterProcess.run("/usr/bin/systemd-analyze", ["verify", copy.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "\(result.stdout)\(result.stderr)")
    }

    @Test func exposureIsTwoOrLower() throws {
        let result = try ExporterProcess.run(
            "/usr/bin/systemd-analyze", ["security", "--offline=yes", Self.unit])
        let line = try #require(
            result.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let score = line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
        let exposure = try #require(score, "\(line)")
        #expect(exposure <= 2.0, "\(line)")
    }

    @Test func theUnitSaysWhatTheReadmeSays() throws {
        let text = try String(contentsOfFile: Self.unit, encoding: .utf8)
        for setting in [
            "Type=notify", "WatchdogSec=", "ExecReload=/bin/kill -HUP $MAINPID", "DynamicUser=yes",
            "StateDirectory=naker-exporter",
            "ConfigurationDirectory=naker-exporter", "LoadCredential=leadership_url:", "ProtectSystem=strict",
            "ProtectHome=yes",
            "PrivateTmp=yes", "PrivateDevices=yes", "NoNewPrivileges=yes", "CapabilityBoundingSet=\n",
            "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", "SystemCallFilter=@system-service",
            "MemoryDenyWriteExecute=yes",
            "LockPersonality=yes", "RestrictNamespaces=yes", "ProtectKernelTunables=yes",
            "ProtectKernelModules=yes",
            "ProtectKernelLogs=yes", "ProtectClock=yes", "ProtectHostname=yes", "UMask=0077",
        ] {
            #expect(text.contains(setting), "missing \(setting)")
        }
    }
}
