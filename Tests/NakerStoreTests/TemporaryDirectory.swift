import Foundation

/// A fresh directory under the system temporary directory, removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() {
        path = (NSTemporaryDirectory() as NSString)
            .appendingPathComponent("naker-store-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func appending(_ component: String) -> String {
        (path as NSString).appendingPathComponent(component)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
