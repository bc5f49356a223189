import Synchronization

/// What libcurl's callbacks collect during one transfer: the header block of the final response,
/// the first bytes of the body, and the abort flag they check. Used by one transfer thread at a
/// time; `cancel()` may come from any thread.
final class CurlResponseCollector: Sendable {
    private struct State {
        var headers: [String: String] = [:]
        var headerBytes = 0
        var body: [UInt8] = []
        var truncated = false
    }

    let bodyLimit: Int
    /// Headers beyond this many bytes are dropped (a receiver cannot make us hoard memory).
    let headerLimit = 64 * 1024
    private let state = Mutex(State())
    private let cancelled = Atomic<Bool>(false)

    init(bodyLimit: Int) {
        self.bodyLimit = bodyLimit
    }

    var headers: [String: String] { state.withLock { $0.headers } }
    var body: [UInt8] { state.withLock { $0.body } }
    /// Whether the body went over the limit (the transfer was then stopped on purpose).
    var truncated: Bool { state.withLock { $0.truncated } }
    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func cancel() {
        cancelled.store(true, ordering: .releasing)
    }

    /// One header line as curl delivers it (with its CRLF). A status line starts a new block,
    /// so only the final response's headers remain (after `100 Continue`, say).
    func header(_ line: UnsafeBufferPointer<UInt8>) {
        if line.starts(with: "HTTP/".utf8) {
            state.withLock { state in
                state.headers = [:]
                state.headerBytes = 0
            }
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return }
        let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
        let value = String(decoding: Self.trimmed(line[(colon + 1)...]), as: UTF8.self)
        state.withLock { state in
            state.headerBytes += line.count
            guard state.headerBytes <= headerLimit else { return }
            if let existing = state.headers[name] {
                state.headers[name] = existing + ", " + value
            } else {
                state.headers[name] = value
            }
        }
    }

    /// A piece of the body; false once the limit is reached (curl then stops the transfer).
    func body(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        state.withLock { state in
            let room = bodyLimit - state.body.count
            if bytes.count > room {
                state.body += bytes.prefix(max(0, room))
                state.truncated = true
                return false
            }
            state.body += bytes
            return true
        }
    }

    /// Without leading and trailing spaces, tabs, CR and LF.
    private static func trimmed(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<
        UnsafeBufferPointer<UInt8>
    > {
        let blank: Set<UInt8> = [0x20, 0x09, 0x0D, 0x0A]
        var slice = bytes
        while let first = slice.first, blank.contains(first) { slice.removeFirst() }
        while let last = slice.last, blank.contains(last) { slice.removeLast() }
        return slice
    }
}
