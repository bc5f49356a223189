import NakerSources
import Synchronization

/// Carries a source's loader to the worker thread that loads it, as its only owner.
///
/// The loader's cache holds the parser of the last read, duplicate-id set included; reading an
/// append mutates that parser in place only while nothing else refers to it. Captured copies
/// of a job would each keep a reference and make the first append copy the whole id set.
final class SourceLoaderHandoff: Sendable {
    private let loader: Mutex<SourceLoader?>

    init(_ loader: consuming SourceLoader) {
        self.loader = Mutex(loader)
    }

    /// The loader; the handoff no longer holds it.
    func take() -> SourceLoader {
        loader.withLock { held in
            guard let loader = held.take() else { preconditionFailure("a loader is taken once") }
            return loader
        }
    }
}
