import Foundation

/// Runs one source load on a thread of its own. Not a shared pool: a reader stuck in the kernel
/// (a dead network share) keeps its thread for as long as it is stuck, and on a pool as wide as
/// the machine's cores two such readers would leave no thread for any other load.
public enum LoadThread {
    public static func start(source: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = "naker-load-\(source)"
        thread.start()
    }
}
