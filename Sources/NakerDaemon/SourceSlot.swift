import NakerConfig
import NakerCore
import NakerSources

/// One configured source as the daemon tracks it: its loader (cache), and its last good data,
/// which stays in use while later loads fail.
struct SourceSlot: Sendable {
    var source: SourceConfig
    /// nil while a load is in flight (the loader travels with it).
    var loader: SourceLoader?
    var lastGood: SourceLoad?
    var up = false
    var lastSuccess: Double?

    init(source: SourceConfig, loader: SourceLoader) {
        self.source = source
        self.loader = loader
    }

    var status: SourceStatus {
        SourceStatus(
            name: source.name, up: up, rows: lastGood?.acceptedRows, rejectedRows: lastGood?.rejectedRows,
            lastSuccess: lastSuccess)
    }

    var path: String {
        switch source.location {
        case .csv(let csv): csv.path
        }
    }
}
