import CCurl
import Foundation

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
