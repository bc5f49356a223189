#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open file descriptor, closed when the value goes away.
struct ReadableFile: ~Copyable {
    let path: String
    private let descriptor: Int32

    init(path: String) throws(CSVReaderError) {
        var descriptor: Int32
        // Non-blocking, so that opening a FIFO does not wait for a writer; refused below.
        repeat {
            descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else {
            throw .cannotOpen(path: path, reason: ReadableFile.errorText(errno))
        }
        var info = stat()
        do throws(CSVReaderError) {
            guard fstat(descriptor, &info) == 0 else {
                throw .readFailed(path: path, reason: ReadableFile.errorText(errno))
            }
            try FileFingerprint.requireRegularFile(info, path: path)
        } catch {
            close(descriptor)
            throw error
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// The open file's fingerprint (it is a regular file: `init` refused anything else).
    func fingerprint() throws(CSVReaderError) -> FileFingerprint {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw .readFailed(path: path, reason: ReadableFile.errorText(errno))
        }
        return FileFingerprint(info)
    }

    /// Reads until `minimum` bytes are in `buffer` (or end of file); returns the count, 0 at end.
    func read(
        into buffer: UnsafeMutableRawBufferPointer, limit: Int, minimum: Int
    ) throws(CSVReaderError) -> Int {
        let capacity = min(limit, buffer.count)
        var filled = 0
        while filled < minimum {
            let result = systemRead(descriptor, buffer.baseAddress! + filled, capacity - filled)
            if result < 0 {
                if errno == EINTR { continue }
                throw .readFailed(path: path, reason: ReadableFile.errorText(errno))
            }
            if result == 0 { break }
            filled += result
        }
        return filled
    }

    /// Moves the read position to `offset` bytes from the start.
    func seek(to offset: Int64) throws(CSVReaderError) {
        guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else {
            throw .readFailed(path: path, reason: ReadableFile.errorText(errno))
        }
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// `read(2)`, named apart from the method above.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
    #else
        Darwin.read(descriptor, buffer, count)
    #endif
}
