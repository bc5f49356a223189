import CCurl
import Foundation
import Synchronization

/// POSTs webhook requests with libcurl.
///
/// Each request gets its own easy handle on its own thread, so the blocking `curl_easy_perform`
/// never occupies a thread of Swift's cooperative pool; the caller awaits a checked continuation.
/// Redirects are not followed, TLS peers and host names are verified, only http and https are
/// allowed, and nothing about the request (URL, headers, body) is logged or put into errors.
/// Cancelling the awaiting task aborts the transfer within about a second.
public struct WebhookTransport: Sendable {
    /// How much of a response body is kept (for logging the receiver's error text).
    public static let responseBodyLimit = 4096

    public let userAgent: String

    /// The libcurl the binary runs against (not the one it was built with), for `--version`.
    public static var libcurlVersion: String {
        guard let info = naker_curl_version_info(), let version = info.pointee.version else {
            return "unknown"
        }
        return String(cString: version)
    }

    public init(userAgent: String = "naker-exporter") {
        _ = Self.processSetup
        self.userAgent = userAgent
    }

    public func post(_ request: WebhookRequest) async -> WebhookResult {
        let collector = CurlResponseCollector(bodyLimit: Self.responseBodyLimit)
        let userAgent = userAgent
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<WebhookResult, Never>) in
                let thread = Thread {
                    continuation.resume(
                        returning: Self.perform(request, userAgent: userAgent, into: collector))
                }
                thread.name = "naker-webhook"
                thread.start()
            }
        } onCancel: {
            collector.cancel()
        }
    }

    /// Once per process: libcurl's global state, and SIGPIPE ignored (a receiver closing the
    /// socket mid-write must give an error, not kill the daemon).
    private static let processSetup: Void = {
        signal(SIGPIPE, SIG_IGN)
        let code = curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        precondition(code == CURLE_OK, "curl_global_init failed with code \(code.rawValue)")
    }()

    private static func perform(
        _ request: WebhookRequest, userAgent: String, into collector: CurlResponseCollector
    ) -> WebhookResult {
        guard let handle = curl_easy_init() else {
            return .transportError(TransportError(curlCode: Int32(CURLE_FAILED_INIT.rawValue)))
        }
        defer { curl_easy_cleanup(handle) }

        var list: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(list) }
        // "Expect:" stops curl from waiting for `100 Continue` before larger bodies.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            guard let appended = curl_slist_append(list, line) else {
                return .transportError(TransportError(curlCode: Int32(CURLE_OUT_OF_MEMORY.rawValue)))
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
        set(CURLOPT_FOLLOWLOCATION, 0)
        set(CURLOPT_SSL_VERIFYPEER, 1)
        set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = request.caFile { set(CURLOPT_CAINFO, caFile) }
        set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout))
        set(CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout))
        set(CURLOPT_USERAGENT, userAgent)
        set(CURLOPT_POST, 1)
        set(CURLOPT_POSTFIELDSIZE, request.body.count)
        if setup == CURLE_OK { setup = naker_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, list) }
        set(CURLOPT_HEADERFUNCTION, function: headerCallback)
        set(CURLOPT_HEADERDATA, pointer: context)
        set(CURLOPT_WRITEFUNCTION, function: bodyCallback)
        set(CURLOPT_WRITEDATA, pointer: context)
        if setup == CURLE_OK { setup = naker_curl_setopt_xferinfo_function(handle, progressCallback) }
        set(CURLOPT_XFERINFODATA, pointer: context)
        set(CURLOPT_NOPROGRESS, 0)
        guard setup == CURLE_OK else {
            return .transportError(TransportError(curlCode: Int32(bitPattern: setup.rawValue)))
        }

        // POSTFIELDS is not copied: the bytes must outlive curl_easy_perform. A trailing NUL keeps
        // the pointer non-null for an empty body (libcurl would otherwise strlen it).
        let code = (request.body + [0]).withUnsafeBufferPointer { bytes in
            let pointer = UnsafeMutableRawPointer(mutating: bytes.baseAddress)
            let result = naker_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, pointer)
            return result == CURLE_OK ? curl_easy_perform(handle) : result
        }

        // Stopping at the body limit is on purpose: the answer's status is known by then.
        if code == CURLE_OK || (code == CURLE_WRITE_ERROR && collector.truncated) {
            var status = 0
            _ = naker_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
            return .response(status: status, headers: collector.headers, body: collector.body)
        }
        return .transportError(
            TransportError(curlCode: Int32(bitPattern: code.rawValue), cancelled: collector.isCancelled))
    }

    private static func milliseconds(_ seconds: Double) -> Int {
        Int(min(max(1, (seconds * 1000).rounded(.up)), Double(Int32.max)))
    }
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

/// Why a webhook request got no HTTP response. Descriptions are our own words for the libcurl
/// result code: curl's error text can name the host, and no part of a webhook URL may reach a log.
public enum TransportError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The connect timeout or the total timeout elapsed.
    case timeout
    /// The server could not be reached, refused the connection, or dropped it before answering
    /// (name resolution, TCP connect, reset, empty reply).
    case connectionFailed
    /// The TLS handshake or the certificate check failed.
    case tls
    /// The task awaiting the request was cancelled (shutdown); the request was aborted.
    case cancelled
    /// Any other libcurl result code.
    case other(code: Int32)

    /// Maps a libcurl result code; `cancelled` says whether our own abort caused it.
    public init(curlCode code: Int32, cancelled: Bool = false) {
        switch code {
        case Self.code(CURLE_OPERATION_TIMEDOUT):
            self = .timeout
        case Self.code(CURLE_ABORTED_BY_CALLBACK) where cancelled:
            self = .cancelled
        case Self.code(CURLE_COULDNT_RESOLVE_PROXY), Self.code(CURLE_COULDNT_RESOLVE_HOST),
            Self.code(CURLE_COULDNT_CONNECT), Self.code(CURLE_SEND_ERROR), Self.code(CURLE_RECV_ERROR),
            Self.code(CURLE_GOT_NOTHING), Self.code(CURLE_PARTIAL_FILE), Self.code(CURLE_HTTP2),
            Self.code(CURLE_HTTP2_STREAM), Self.code(CURLE_HTTP3), Self.code(CURLE_QUIC_CONNECT_ERROR),
            Self.code(CURLE_PROXY):
            self = .connectionFailed
        case Self.code(CURLE_SSL_CONNECT_ERROR), Self.code(CURLE_PEER_FAILED_VERIFICATION),
            Self.code(CURLE_SSL_CERTPROBLEM), Self.code(CURLE_SSL_CIPHER),
            Self.code(CURLE_SSL_CACERT_BADFILE),
            Self.code(CURLE_SSL_SHUTDOWN_FAILED), Self.code(CURLE_SSL_CRL_BADFILE),
            Self.code(CURLE_SSL_ISSUER_ERROR), Self.code(CURLE_SSL_PINNEDPUBKEYNOTMATCH),
            Self.code(CURLE_SSL_INVALIDCERTSTATUS), Self.code(CURLE_SSL_CLIENTCERT),
            Self.code(CURLE_SSL_ENGINE_NOTFOUND), Self.code(CURLE_SSL_ENGINE_SETFAILED),
            Self.code(CURLE_SSL_ENGINE_INITFAILED), Self.code(CURLE_USE_SSL_FAILED):
            self = .tls
        default:
            self = .other(code: code)
        }
    }

    /// Whether trying again later can succeed. Malformed or unsupported URLs and libcurl usage
    /// errors cannot; everything else (network, TLS, unknown) is worth another attempt.
    public var isRetryable: Bool {
        switch self {
        case .timeout, .connectionFailed, .tls, .cancelled: true
        case .other(let code): !Self.permanentCodes.contains(code)
        }
    }

    public var description: String {
        switch self {
        case .timeout:
            "the receiver did not answer within the timeout; check that it is up and reachable, "
                + "or raise the receiver's timeout"
        case .connectionFailed:
            "could not connect to the receiver's server, or the connection was lost before an answer "
                + "(name resolution, refused or reset connection); check the receiver's URL and the network"
        case .tls:
            "the TLS handshake or certificate verification with the receiver failed; the receiver needs "
                + "a certificate trusted by the system CA store, valid for its host name"
        case .cancelled:
            "the request was aborted because the daemon is shutting down; it stays queued"
        case .other(let code):
            Self.text(for: code)
        }
    }

    private static let permanentCodes: Set<Int32> = [
        code(CURLE_UNSUPPORTED_PROTOCOL), code(CURLE_FAILED_INIT), code(CURLE_URL_MALFORMAT),
        code(CURLE_NOT_BUILT_IN), code(CURLE_BAD_FUNCTION_ARGUMENT), code(CURLE_UNKNOWN_OPTION),
        code(CURLE_BAD_CONTENT_ENCODING), code(CURLE_TOO_MANY_REDIRECTS),
    ]

    private static func text(for code: Int32) -> String {
        switch code {
        case Self.code(CURLE_UNSUPPORTED_PROTOCOL):
            "the receiver's URL uses a protocol other than http or https; fix the receiver's URL"
        case Self.code(CURLE_URL_MALFORMAT):
            "the receiver's URL is malformed; fix the receiver's URL (url, url_file or url_env)"
        case Self.code(CURLE_OUT_OF_MEMORY):
            "libcurl ran out of memory (code \(code)); the request will be tried again"
        case Self.code(CURLE_WRITE_ERROR), Self.code(CURLE_READ_ERROR):
            "the request or response body could not be transferred (libcurl code \(code)); "
                + "the request will be tried again"
        default:
            "the request failed with libcurl error code \(code) (see libcurl-errors(3)); "
                + "check the receiver's URL and the network"
        }
    }

    private static func code(_ value: CURLcode) -> Int32 {
        Int32(bitPattern: value.rawValue)
    }
}

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
