import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Hands back the pages of code and read-only data that only starting up needed.
///
/// Most of an idle daemon's resident memory is pages of mapped files (the binary, the Swift
/// runtime, Foundation, ICU, libcurl, SQLite) touched once while parsing the config, opening
/// the store and loading the sources. They are clean copies of files on disk, so asking the
/// kernel to reclaim them loses nothing: a page touched again is read back in. What stays
/// resident afterwards is what serving and recalculating use. Anonymous memory (the heap,
/// stacks, changed copies of data pages) is never touched by this.
enum StartupPages {
    /// `MADV_PAGEOUT` (Linux 5.4): reclaim these pages now. Not every Glibc module exports it.
    private static let pageOut: Int32 = 21

    /// Asks for every read-only file mapping to be paged out; returns how many mappings and
    /// bytes were asked for. Nothing happens where the kernel refuses (an older one).
    static func release() -> (mappings: Int, bytes: Int) {
        guard let maps = ProcessMetrics.procFile("/proc/self/maps") else { return (0, 0) }
        var released = (mappings: 0, bytes: 0)
        for line in maps.split(separator: "\n") {
            guard let mapping = FileMapping(line), !mapping.writable else { continue }
            guard let start = UnsafeMutableRawPointer(bitPattern: mapping.start) else { continue }
            let length = Int(mapping.end - mapping.start)
            if madvise(start, length, pageOut) == 0 {
                released.mappings += 1
                released.bytes += length
            }
        }
        return released
    }

    /// One line of `/proc/self/maps` that maps a file: `start-end perms offset dev inode path`.
    private struct FileMapping {
        var start: UInt
        var end: UInt
        var writable: Bool

        init?(_ line: Substring) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[4] != "0", fields[5].hasPrefix("/") else { return nil }
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let start = UInt(range[0], radix: 16),
                let end = UInt(range[1], radix: 16),
                end > start
            else { return nil }
            self.start = start
            self.end = end
            writable = fields[1].contains("w")
        }
    }
}
