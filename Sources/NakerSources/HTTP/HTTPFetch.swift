import Foundation
import NakerConfig
import NakerCore
import NakerCurl

/// One GET of an `http:` source's document through the shared libcurl transport, with the
/// source's limits: its own timeout within the load's deadline, `max_bytes`, `ca_file`, redirects
/// only when allowed, and the last good answer's validators for a conditional request.
struct HTTPFetch {
    /// What the server said identifies the version it sent (`ETag`, `Last-Modified`).
    struct Validators: Hashable, Sendable {
        var etag: String?
        var lastModified: String?

        init?(headers: [String: String]) {
            etag = headers["etag"]
            lastModified = headers["last-modified"]
            if etag == nil, lastModified == nil { return nil }
        }
    }

    enum Answer {
        case document([UInt8], Validators?)
        /// 304: the version the validators named is still current.
        case notModified
    }

    let location: HTTPLocation
    /// Header values resolved from their files and variables.
    let headers: [(name: String, value: String)]
    /// The URL as logs may show it (`SourceURL.shown`).
    let shown: String

    func get(_ url: String, validators: Validators?, deadline: ContinuousClock.Instant)
        throws(HTTPSourceError)
        -> Answer
    {
        let left = (deadline - .now).seconds
        guard left > 0 else { throw .deadline }
        var headers = headers
        headers.append((name: "Accept", value: "application/json"))
        if let etag = validators?.etag { headers.append((name: "If-None-Match", value: etag)) }
        if let lastModified = validators?.lastModified {
            headers.append((name: "If-Modified-Since", value: lastModified))
        }
        let request = CurlTransfer.Request(
            url: url, method: .get, headers: headers, caFile: location.caFile,
            connectTimeout: min(10, left), timeout: min(location.timeout.seconds, left),
            followRedirects: location.followRedirects)
        // A body over the limit stops the transfer; one byte more than allowed tells it apart from
        // a body of exactly the limit.
        let collector = CurlResponseCollector(bodyLimit: location.maxBytes + 1)
        switch CurlTransfer.perform(request, into: collector) {
        case .failure(let code, _):
            throw .transport(CurlFailure(code: code), url: shown)
        case .response(let status, let headers, let body, let truncated):
            if truncated || body.count > location.maxBytes {
                throw .tooLarge(url: shown, limit: location.maxBytes)
            }
            switch status {
            case 200: return .document(body, Validators(headers: headers))
            case 304 where validators != nil: return .notModified
            case 300..<400: throw .redirected(url: shown, status: status, allowed: location.followRedirects)
            case 401, 403: throw .refused(url: shown, status: status)
            default: throw .status(url: shown, status: status)
            }
        }
    }
}

/// How an `http:` source's URL may appear in logs and errors: scheme, host and port, and the path
/// only when the URL is written in the config; never the query, the user or a path segment of a
/// URL kept as a secret (the BPS key is one).
enum SourceURL {
    static func shown(_ url: String, secret: Bool) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
            let host = components.host
        else { return "(the source's URL)" }
        var text = "\(scheme)://\(host)"
        if let port = components.port { text += ":\(port)" }
        if secret { return text + "/…" }
        return text + components.percentEncodedPath
    }

    /// `path` (a next page's link, absolute or from the root) on `base`'s scheme, host and port; nil
    /// for a link to another server.
    static func resolve(_ link: String, against base: String) -> String? {
        guard let baseComponents = URLComponents(string: base) else { return nil }
        if link.hasPrefix("/") {
            var components = URLComponents()
            components.scheme = baseComponents.scheme
            components.host = baseComponents.host
            components.port = baseComponents.port
            guard let prefix = components.string else { return nil }
            return prefix + link
        }
        guard let linked = URLComponents(string: link), linked.scheme == baseComponents.scheme,
            linked.host == baseComponents.host, linked.port == baseComponents.port
        else { return nil }
        return link
    }
}

/// Why an `http:` source could not be read. Descriptions name the shown URL (`SourceURL`), never
/// the secret parts.
public enum HTTPSourceError: Error, Hashable, Sendable, CustomStringConvertible {
    case secret(SecretError)
    case transport(CurlFailure, url: String)
    case tooLarge(url: String, limit: Int)
    case redirected(url: String, status: Int, allowed: Bool)
    case refused(url: String, status: Int)
    case status(url: String, status: Int)
    case invalidJSON(url: String)
    case shape(url: String, String)
    case ckanError(url: String, message: String)
    case totalChanged(url: String, from: Int, to: Int)
    case pagingStopped(url: String, read: Int, total: Int)
    case foreignLink(url: String)
    case bpsUnavailable(url: String, availability: String)
    case header(url: String, DatasetHeaderError)
    case deadline

    public var description: String {
        switch self {
        case .secret(let error):
            "\(error)"
        case .transport(let failure, let url):
            switch failure {
            case .timeout:
                "\(url) did not answer within the timeout; check that the server is up, or raise http.timeout"
            case .connectionFailed:
                "could not connect to \(url), or the connection was lost before the whole answer "
                    + "(refused, reset, cut short); check the URL and the network"
            case .tls:
                "the TLS handshake or certificate check with \(url) failed; the server needs a certificate "
                    + "trusted by the system (or by http.ca_file) and valid for its host name"
            case .cancelled:
                "the request to \(url) was aborted (shutdown)"
            case .tooManyRedirects:
                "\(url) redirected more than 5 times; point the URL at the document itself"
            case .other(let code):
                "the request to \(url) failed with libcurl error code \(code) (see libcurl-errors(3)); "
                    + "check the URL and the network"
            }
        case .tooLarge(let url, let limit):
            "the answer of \(url) is larger than http.max_bytes (\(limit) bytes); it was not read on; "
                + "raise max_bytes if the document really is that large"
        case .redirected(let url, let status, let allowed):
            allowed
                ? "\(url) answered HTTP \(status) without a usable redirect; point the URL at the document"
                : "\(url) redirects (HTTP \(status)); redirects are not followed unless "
                    + "http.follow_redirects: true, or point the URL at the new address"
        case .refused(let url, let status):
            "\(url) refused the credentials (HTTP \(status)); check the key in the URL or the "
                + "Authorization header (the value is not shown)"
        case .status(let url, let status):
            "\(url) answered HTTP \(status); the document could not be fetched"
        case .invalidJSON(let url):
            "the answer of \(url) is not valid JSON; check that the URL gives the API's JSON, not a web page"
        case .shape(let url, let problem):
            "the answer of \(url) is not shaped as the format says: \(problem)"
        case .ckanError(let url, let message):
            "the CKAN portal at \(url) reported an error: \(message)"
        case .totalChanged(let url, let from, let to):
            "the CKAN portal at \(url) changed its total from \(from) to \(to) records while it was read; "
                + "the data is not used and will be read again next round"
        case .pagingStopped(let url, let read, let total):
            "the CKAN portal at \(url) stopped giving records after \(read) of \(total); "
                + "the data is not used and will be read again next round"
        case .foreignLink(let url):
            "the CKAN portal at \(url) links its next page to another server; it is not followed"
        case .bpsUnavailable(let url, let availability):
            "the BPS WebAPI at \(url) has no data for this table (data-availability: \(availability)); "
                + "check the domain and variable ids in the URL"
        case .header(let url, let error):
            "the records of \(url): \(error)"
        case .deadline:
            "the load took longer than the source's timeout"
        }
    }
}
