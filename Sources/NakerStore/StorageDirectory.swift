import Foundation

/// Creates the storage directory and its missing parents (`mkdir -p`), reporting which path failed and
/// why in plain words (Foundation's errors on Linux only say "error 512").
enum StorageDirectory {
    /// Returns nil on success, else a reason such as "/var/lib/x is not a directory".
    static func create(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            return isDirectory.boolValue ? nil : "\(path) is not a directory"
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, let reason = create(parent) {
            return reason
        }
        if mkdir(path, 0o777) != 0 {
            let code = errno
            if code == EEXIST {
                return create(path)
            }
            return "\(path): \(String(cString: strerror(code)))"
        }
        return nil
    }
}
