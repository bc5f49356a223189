#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What identifies one version of a file without reading it: `stat(2)` fields.
///
/// The change time is included because tools such as `rsync -t` or `cp -p` restore the
/// modification time but cannot set it.
public struct FileFingerprint: Hashable, Sendable {
    public var size: Int64
    public var device: UInt64
    public var inode: UInt64
    /// Modification time, nanoseconds since 1970.
    public var modifiedNanoseconds: Int64
    /// Inode change time, nanoseconds since 1970.
    public var changedNanoseconds: Int64

    public init(
        size: Int64, device: UInt64, inode: UInt64, modifiedNanoseconds: Int64, changedNanoseconds: Int64
    ) {
        self.size = size
        self.device = device
        self.inode = inode
        self.modifiedNanoseconds = modifiedNanoseconds
        self.changedNanoseconds = changedNanoseconds
    }

    init(_ info: stat) {
        #if canImport(Darwin)
            let modified = info.st_mtimespec
            let changed = info.st_ctimespec
        #else
            let modified = info.st_mtim
            let changed = info.st_ctim
        #endif
        self.init(
            size: Int64(info.st_size), device: UInt64(truncatingIfNeeded: info.st_dev),
            inode: UInt64(truncatingIfNeeded: info.st_ino),
            modifiedNanoseconds: FileFingerprint.nanoseconds(modified),
            changedNanoseconds: FileFingerprint.nanoseconds(changed))
    }

    /// Stats `path` without opening it.
    public init(path: String) throws(CSVReaderError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .cannotOpen(path: path, reason: ReadableFile.errorText(errno))
        }
        try FileFingerprint.requireRegularFile(info, path: path)
        self.init(info)
    }

    /// Only regular files are read: a device (`/dev/zero`) never ends, a FIFO blocks until a writer comes.
    static func requireRegularFile(_ info: stat, path: String) throws(CSVReaderError) {
        let kind: String
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw .isDirectory(path: path)
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        case S_IFIFO: kind = "a FIFO (named pipe)"
        case S_IFSOCK: kind = "a socket"
        default: kind = "not a file"
        }
        throw .notRegularFile(path: path, kind: kind)
    }

    static func nanoseconds(_ time: timespec) -> Int64 {
        Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
