import Foundation
import NakerCurl

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
    public static var libcurlVersion: String { CurlTransfer.libcurlVersion }

    public init(userAgent: String = "naker-exporter") {
        _ = CurlTransfer.processSetup
        self.userAgent = userAgent
    }

    public func post(_ request: WebhookRequest) async -> WebhookResult {
        let collector = CurlResponseCollector(bodyLimit: Self.responseBodyLimit)
        let transfer = CurlTransfer.Request(
            url: request.url, method: .post(request.body),
            headers: request.headers.map { (name: $0.name, value: $0.value) },
            caFile: request.caFile, connectTimeout: request.connectTimeout, timeout: request.timeout,
            userAgent: userAgent)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<WebhookResult, Never>) in
                let thread = Thread {
                    switch CurlTransfer.perform(transfer, into: collector) {
                    case .response(let status, let headers, let body, _):
                        continuation.resume(
                            returning: .response(status: status, headers: headers, body: body))
                    case .failure(let code, let cancelled):
                        continuation.resume(
                            returning: .transportError(TransportError(curlCode: code, cancelled: cancelled)))
                    }
                }
                thread.name = "naker-webhook"
                thread.start()
            }
        } onCancel: {
            collector.cancel()
        }
    }
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
        switch CurlFailure(code: code, cancelled: cancelled) {
        case .timeout: self = .timeout
        case .connectionFailed: self = .connectionFailed
        case .tls: self = .tls
        case .cancelled: self = .cancelled
        case .tooManyRedirects, .other: self = .other(code: code)
        }
    }

    /// Whether trying again later can succeed. Malformed or unsupported URLs and libcurl usage
    /// errors cannot; everything else (network, TLS, unknown) is worth another attempt.
    public var isRetryable: Bool {
        switch self {
        case .timeout, .connectionFailed, .tls, .cancelled: true
        case .other(let code): !CurlFailure(code: code).isPermanent
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

    private static func text(for code: Int32) -> String {
        switch code {
        case CurlFailure.unsupportedProtocol:
            "the receiver's URL uses a protocol other than http or https; fix the receiver's URL"
        case CurlFailure.malformedURL:
            "the receiver's URL is malformed; fix the receiver's URL (url, url_file or url_env)"
        case CurlFailure.outOfMemory:
            "libcurl ran out of memory (code \(code)); the request will be tried again"
        case CurlFailure.writeError, CurlFailure.readError:
            "the request or response body could not be transferred (libcurl code \(code)); "
                + "the request will be tried again"
        default:
            "the request failed with libcurl error code \(code) (see libcurl-errors(3)); "
                + "check the receiver's URL and the network"
        }
    }
}
