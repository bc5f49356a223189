import CBuildInfo
import NakerNotify

/// Version facts printed by `--version` and exposed as `naker_build_info`.
enum BuildInfo {
    static let version = "0.1.0"
    /// The commit, when the build passed one in with -Xcc -DNAKER_REVISION (as `make install`
    /// does); empty otherwise.
    static let revision = String(cString: naker_build_revision())
    static let branch = String(cString: naker_build_branch())
    static let buildDate = String(cString: naker_build_date())

    /// The compiler's language version, major and minor (what `#if compiler` can tell).
    static var swiftVersion: String {
        #if compiler(>=6.5)
            "6.5 or later"
        #elseif compiler(>=6.4)
            "6.4"
        #elseif compiler(>=6.3)
            "6.3"
        #elseif compiler(>=6.2)
            "6.2"
        #else
            "6.1 or earlier"
        #endif
    }

    /// `os/arch` in the Go names Prometheus' tools print (`linux/amd64`).
    static var platform: String {
        #if os(Linux)
            let system = "linux"
        #else
            let system = "unknown"
        #endif
        #if arch(x86_64)
            return system + "/amd64"
        #elseif arch(arm64)
            return system + "/arm64"
        #else
            return system + "/unknown"
        #endif
    }

    /// As Prometheus' tools print it: the version line, then the build's facts.
    static var versionText: String {
        """
        naker-exporter, version \(version) (branch: \(branch), revision: \(revision))
          build date:       \(buildDate.isEmpty ? "unknown" : buildDate)
          swift version:    \(swiftVersion)
          platform:         \(platform)
          libcurl:          \(WebhookTransport.libcurlVersion)
        """
    }
}
