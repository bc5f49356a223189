import CCurl

/// Version facts printed by `--version` and exposed as `naker_build_info`.
enum BuildInfo {
    static let version = "0.1.0"
    /// The commit, when the build passed one in with -Xcc -DNAKER_REVISION; empty otherwise, as Prometheus' own
    /// builds from source report it.
    static let revision = String(cString: naker_build_revision())

    /// The libcurl the binary runs against (not the one it was built with).
    static var curlVersion: String {
        guard let info = naker_curl_version_info(), let version = info.pointee.version else {
            return "unknown"
        }
        return String(cString: version)
    }

    static var versionText: String {
        "naker-exporter \(version) (libcurl \(curlVersion))"
    }
}
