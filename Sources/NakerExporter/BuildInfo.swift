import CBuildInfo
import NakerNotify

/// Version facts printed by `--version` and exposed as `naker_build_info`.
enum BuildInfo {
    static let version = "0.1.0"
    /// The commit, when the build passed one in with -Xcc -DNAKER_REVISION; empty otherwise, as Prometheus' own
    /// builds from source report it.
    static let revision = String(cString: naker_build_revision())

    static var versionText: String {
        "naker-exporter \(version) (libcurl \(WebhookTransport.libcurlVersion))"
    }
}
