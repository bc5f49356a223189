import CCurl
import Foundation
import Synchronization

/// One HTTP request through libcurl, the one transport of webhooks and of `http:` sources.
///
/// The transfer blocks its thread (`curl_easy_perform`); callers run it on a thread of its own, never
/// on Swift's cooperative pool. TLS peers and host names are verified, only http and https are
/// allowed, redirects are followed only when asked, and nothing about the request (URL, headers,
/// body) is logged or put into errors.
public enum CurlTransfer {
    public struct Request: Sendable {
        public enum Method: Sendable {
            case get
            case post([UInt8])
        }

        public var url: String
        public var method: Method
        public var headers: [(name: String, value: String)]
        /// A PEM bundle of CAs to trust instead of the system's.
        public var caFile: String?
        public var connectTimeout: Double
        public var timeout: Double
        /// Follow up to five redirects (sources with `follow_redirects: true`); else a 3xx is the answer.
        public var followRedirects: Bool
        public var userAgent: String

        public init(
            url: String, method: Method, headers: [(name: String, value: String)] = [], caFile: String? = nil,
            connectTimeout: Double = 10, timeout: Double, followRedirects: Bool = false,
            userAgent: String = "naker-exporter"
        ) {
            self.url = url
            self.method = method
            self.headers = headers
            self.caFile = caFile
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.followRedirects = followRedirects
            self.userAgent = userAgent
        }
    }

    public enum Outcome: Sendable {
        /// An answer: its status, its final header block, and its body up to the collector's limit.
        case response(status: Int, headers: [String: String], body: [UInt8], truncated: Bool)
        /// No answer: libcurl's result code, and whether our own abort caused it.
        case failure(code: Int32, cancelled: Bool)
    }

    /// The libcurl the binary runs against (not the one it was built with), for `--version`.
    public static var libcurlVersion: String {
        guard let info = naker_curl_version_info(), let version = info.pointee.version else {
            return "unknown"
        }
        return String(cString: version)
    }

    /// Once per process: libcurl's global state, and SIGPIPE ignored (a peer closing the socket
    /// mid-write must give an error, not kill the daemon).
    public static let processSetup: Void = {
        signal(SIGPIPE, SIG_IGN)
        let code = curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        precondition(code == CURLE_OK, "curl_global_init failed with code \(code.rawValue)")
    }()

    /// Runs the request to its end; blocks.
    public static func perform(_ request: Request, into collector: CurlResponseCollector) -> Outcome {
        _ = processSetup
        guard let handle = curl_easy_init() else {
            return .failure(code: code(CURLE_FAILED_INIT), cancelled: false)
        }
        defer { curl_easy_cleanup(handle) }

        var list: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(list) }
        // "Expect:" stops curl from waiting for `100 Continue` before larger bodies.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            guard let appended = curl_slist_append(list, line) else {
                return .failure(code: code(CURLE_OUT_OF_MEMORY), cancelled: false)
            }
            list = appended
        }

        let context = Unmanaged.passUnretained(collector).toOpaque()
        var setup = CURLE_OK
        func set(_ option: CURLoption, _ value: Int) {
            if setup == CURLE_OK { setup = naker_curl_setopt_long(handle, option, value) }
        }
        func set(_ option: CURLoption, _ value: String) {
            // Strings are copied by libcurl (since 7.17), so a temporary C string is enough.
            if setup == CURLE_OK {
                setup = value.withCString { naker_curl_setopt_string(handle, option, $0) }
            }
        }
        func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) {
            if setup == CURLE_OK { setup = naker_curl_setopt_pointer(handle, option, pointer) }
        }
        func set(_ option: CURLoption, function: naker_curl_write_callback) {
            if setup == CURLE_OK { setup = naker_curl_setopt_write_function(handle, option, function) }
        }

        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_VERBOSE, 0)
        set(CURLOPT_URL, request.url)
        set(CURLOPT_PROTOCOLS_STR, "http,https")
        set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        set(CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0)
        set(CURLOPT_MAXREDIRS, 5)
        set(CURLOPT_SSL_VERIFYPEER, 1)
        set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = request.caFile { set(CURLOPT_CAINFO, caFile) }
        set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds(request.connectTimeout))
        set(CURLOPT_TIMEOUT_MS, milliseconds(request.timeout))
        set(CURLOPT_USERAGENT, request.userAgent)
        if setup == CURLE_OK { setup = naker_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, list) }
        set(CURLOPT_HEADERFUNCTION, function: headerCallback)
        set(CURLOPT_HEADERDATA, pointer: context)
        set(CURLOPT_WRITEFUNCTION, function: bodyCallback)
        set(CURLOPT_WRITEDATA, pointer: context)
        if setup == CURLE_OK { setup = naker_curl_setopt_xferinfo_function(handle, progressCallback) }
        set(CURLOPT_XFERINFODATA, pointer: context)
        set(CURLOPT_NOPROGRESS, 0)

        let result: CURLcode
        switch request.method {
        case .get:
            set(CURLOPT_HTTPGET, 1)
            result = setup == CURLE_OK ? curl_easy_perform(handle) : setup
        case .post(let body):
            set(CURLOPT_POST, 1)
            set(CURLOPT_POSTFIELDSIZE, body.count)
            // POSTFIELDS is not copied: the bytes must outlive curl_easy_perform. A trailing NUL
            // keeps the pointer non-null for an empty body (libcurl would otherwise strlen it).
            result = (body + [0]).withUnsafeBufferPointer { bytes in
                guard setup == CURLE_OK else { return setup }
                let pointer = UnsafeMutableRawPointer(mutating: bytes.baseAddress)
                let posted = naker_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, pointer)
                return posted == CURLE_OK ? curl_easy_perform(handle) : posted
            }
        }

        // Stopping at the body limit is on purpose: the answer's status is known by then.
        if result == CURLE_OK || (result == CURLE_WRITE_ERROR && collector.truncated) {
            var status = 0
            _ = naker_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
            return .response(
                status: status, headers: collector.headers, body: collector.body,
                truncated: collector.truncated)
        }
        return .failure(code: code(result), cancelled: collector.isCancelled)
    }

    public static func code(_ value: CURLcode) -> Int32 {
        Int32(bitPattern: value.rawValue)
    }

    private static func milliseconds(_ seconds: Double) -> Int {
        Int(min(max(1, (seconds * 1000).rounded(.up)), Double(Int32.max)))
    }
}

/// What a libcurl failure means for the one who asked, whatever the request was for.
public enum CurlFailure: Equatable, Hashable, Sendable {
    /// The connect timeout or the total timeout elapsed.
    case timeout
    /// The server could not be reached, refused the connection, or dropped it before or while
    /// answering (name resolution, TCP connect, reset, empty reply, a body cut short).
    case connectionFailed
    /// The TLS handshake or the certificate check failed.
    case tls
    /// Our own abort (shutdown).
    case cancelled
    /// More redirects than allowed.
    case tooManyRedirects
    /// Any other libcurl result code.
    case other(code: Int32)

    public init(code: Int32, cancelled: Bool = false) {
        switch code {
        case CurlTransfer.code(CURLE_OPERATION_TIMEDOUT):
            self = .timeout
        case CurlTransfer.code(CURLE_ABORTED_BY_CALLBACK) where cancelled:
            self = .cancelled
        case CurlTransfer.code(CURLE_TOO_MANY_REDIRECTS):
            self = .tooManyRedirects
        case _ where Self.connectionCodes.contains(code):
            self = .connectionFailed
        case _ where Self.tlsCodes.contains(code):
            self = .tls
        default:
            self = .other(code: code)
        }
    }

    /// Malformed or unsupported URLs and libcurl usage errors: trying again cannot help.
    public var isPermanent: Bool {
        switch self {
        case .timeout, .connectionFailed, .tls, .cancelled: false
        case .tooManyRedirects: true
        case .other(let code): Self.permanentCodes.contains(code)
        }
    }

    private static let connectionCodes: Set<Int32> = Set(
        [
            CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR,
            CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM,
            CURLE_HTTP3,
            CURLE_QUIC_CONNECT_ERROR, CURLE_PROXY,
        ].map(CurlTransfer.code))

    private static let tlsCodes: Set<Int32> = Set(
        [
            CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
            CURLE_USE_SSL_FAILED,
        ].map(CurlTransfer.code))

    static let permanentCodes: Set<Int32> = Set(
        [
            CURLE_UNSUPPORTED_PROTOCOL, CURLE_FAILED_INIT, CURLE_URL_MALFORMAT, CURLE_NOT_BUILT_IN,
            CURLE_BAD_FUNCTION_ARGUMENT, CURLE_UNKNOWN_OPTION, CURLE_BAD_CONTENT_ENCODING,
            CURLE_TOO_MANY_REDIRECTS,
        ].map(CurlTransfer.code))

    public static let unsupportedProtocol = CurlTransfer.code(CURLE_UNSUPPORTED_PROTOCOL)
    public static let malformedURL = CurlTransfer.code(CURLE_URL_MALFORMAT)
    public static let outOfMemory = CurlTransfer.code(CURLE_OUT_OF_MEMORY)
    public static let writeError = CurlTransfer.code(CURLE_WRITE_ERROR)
    public static let readError = CurlTransfer.code(CURLE_READ_ERROR)
}

private let headerCallback: naker_curl_write_callback = { data, size, count, context in
    let length = size * count
    guard let context else { return 0 }
    let collector = Unmanaged<CurlResponseCollector>.fromOpaque(context).takeUnretainedValue()
    if let data, length > 0 {
        collector.header(
            UnsafeBufferPointer(
                start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length))
    }
    return length
}

private let bodyCallback: naker_curl_write_callback = { data, size, count, context in
    let length = size * count
    guard let context else { return 0 }
    let collector = Unmanaged<CurlResponseCollector>.fromOpaque(context).takeUnretainedValue()
    guard let data, length > 0 else { return length }
    let bytes = UnsafeBufferPointer(
        start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
    return collector.body(bytes) ? length : 0
}

/// libcurl's `curl_xferinfo_callback`: non-zero aborts the transfer.
private let progressCallback:
    @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32 = {
        context, _, _, _, _ in
        guard let context else { return 0 }
        return Unmanaged<CurlResponseCollector>.fromOpaque(context).takeUnretainedValue().isCancelled ? 1 : 0
    }

/// What libcurl's callbacks collect during one transfer: the header block of the final response,
/// the body up to a limit, and the abort flag they check. Used by one transfer thread at a time;
/// `cancel()` may come from any thread.
public final class CurlResponseCollector: Sendable {
    private struct State {
        var headers: [String: String] = [:]
        var headerBytes = 0
        var body: [UInt8] = []
        var truncated = false
    }

    public let bodyLimit: Int
    /// Headers beyond this many bytes are dropped (a server cannot make us hoard memory).
    let headerLimit = 64 * 1024
    private let state = Mutex(State())
    private let cancelled = Atomic<Bool>(false)

    public init(bodyLimit: Int) {
        self.bodyLimit = bodyLimit
    }

    public var headers: [String: String] { state.withLock { $0.headers } }
    public var body: [UInt8] { state.withLock { $0.body } }
    /// Whether the body went over the limit (the transfer was then stopped on purpose).
    public var truncated: Bool { state.withLock { $0.truncated } }
    public var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    public func cancel() {
        cancelled.store(true, ordering: .releasing)
    }

    /// One header line as curl delivers it (with its CRLF). A status line starts a new block,
    /// so only the final response's headers remain (after `100 Continue` or a redirect).
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
