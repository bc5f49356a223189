import Foundation

/// Makes a receiver's answer fit for a log line: decodes the first bytes of the body as text,
/// flattens control characters, and blanks out anything of the request's URL (host, path
/// segments, query values) and header values that the receiver might echo back.
struct ResponseRedactor {
    static let placeholder = "[redacted]"
    /// Longest excerpt put into a log line, in characters.
    static let excerptLimit = 1024

    /// Pieces shorter than this (`api`, `v1`) cannot be credentials and are left alone; the host
    /// is always blanked out.
    private static let shortestPiece = 4

    private let sensitive: [String]

    init(request: WebhookRequest) {
        var pieces: Set<String> = [request.url]
        let lowered = request.url.lowercased()
        let schemeLength = lowered.hasPrefix("https://") ? 8 : lowered.hasPrefix("http://") ? 7 : 0
        let rest = String(request.url.dropFirst(schemeLength))
        pieces.insert(rest)
        let authority = String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
        let hostAndPort = String(authority.split(separator: "@").last ?? "")
        let host =
            hostAndPort.hasPrefix("[")
            ? String(hostAndPort.prefix { $0 != "]" }) + "]"
            : String(hostAndPort.prefix { $0 != ":" })
        var always: Set<String> = [authority, hostAndPort, host, host.lowercased()]
        always.remove("")
        pieces.formUnion(always)
        let separators: Set<Character> = ["/", "?", "&", "=", "#", "@", ":", ";"]
        for piece in rest.split(whereSeparator: { separators.contains($0) }) {
            pieces.insert(String(piece))
        }
        for header in request.headers where Self.isCredential(header.name) {
            pieces.insert(header.value)
            pieces.formUnion(header.value.split(separator: " ").map(String.init))
        }
        for piece in pieces {
            if let decoded = piece.removingPercentEncoding { pieces.insert(decoded) }
        }
        sensitive =
            pieces
            .filter { always.contains($0) ? !$0.isEmpty : $0.count >= Self.shortestPiece }
            .sorted { $0.count > $1.count }
    }

    /// The body's first `excerptLimit` characters as one clean line, secrets blanked out.
    func excerpt(_ body: [UInt8]) -> String {
        var text = String(decoding: body, as: UTF8.self)
        for piece in sensitive {
            text = text.replacingOccurrences(of: piece, with: Self.placeholder)
        }
        let flat = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
        let trimmed = flat.trimmingCharacters(in: .whitespaces)
        return trimmed.count > Self.excerptLimit ? String(trimmed.prefix(Self.excerptLimit)) + "…" : trimmed
    }

    /// Headers the builder sets from non-secret data; all others are treated as credentials.
    private static func isCredential(_ name: String) -> Bool {
        !["content-type", "idempotency-key", WebhookSigner.timestampHeader.lowercased()]
            .contains(name.lowercased())
    }
}
