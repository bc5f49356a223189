import CCurl

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
