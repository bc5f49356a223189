/// Content negotiation for `/metrics`, after Prometheus' rules: the acceptable media range with the
/// highest q that we can write wins; text 0.0.4 when nothing better is asked for.
public enum ScrapeNegotiation {
    struct MediaRange {
        var type: String
        var version: String?
        var q: Double
    }

    public static func format(accept: String?) -> ExpositionFormat {
        guard let accept else { return .text }
        let ranges = accept.split(separator: ",").map(mediaRange).enumerated()
            .sorted { $0.element.q != $1.element.q ? $0.element.q > $1.element.q : $0.offset < $1.offset }
            .map(\.element)
        for range in ranges where range.q > 0 {
            switch range.type {
            case "application/openmetrics-text"
            where range.version == nil || range.version == "1.0.0" || range.version == "0.0.1":
                return .openMetrics
            case "text/plain" where range.version == nil || range.version == "0.0.4":
                return .text
            case "text/*", "*/*":
                return .text
            default:
                continue
            }
        }
        return .text
    }

    /// Whether gzip is acceptable (RFC 9110, 12.5.3): named with q > 0, or not named and `*` has
    /// q > 0. A coding named with q=0 is "not acceptable", whatever `*` says; `x-gzip` is gzip.
    public static func acceptsGzip(_ acceptEncoding: String?) -> Bool {
        guard let acceptEncoding else { return false }
        var gzip: Double?
        var any: Double?
        for item in acceptEncoding.split(separator: ",") {
            let range = mediaRange(item)
            let q = (0...1).contains(range.q) ? range.q : 0
            switch range.type {
            case "gzip", "x-gzip": gzip = max(gzip ?? 0, q)
            case "*": any = max(any ?? 0, q)
            default: continue
            }
        }
        return (gzip ?? any ?? 0) > 0
    }

    static func mediaRange(_ text: Substring) -> MediaRange {
        let parts = text.split(separator: ";").map(trimmed)
        var range = MediaRange(type: parts.first?.lowercased() ?? "", version: nil, q: 1)
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map(trimmed)
            guard pair.count == 2 else { continue }
            switch pair[0].lowercased() {
            case "q": range.q = Double(pair[1]) ?? 0
            case "version": range.version = String(pair[1])
            default: break
            }
        }
        return range
    }

    /// Drops HTTP's optional whitespace (space, tab) at both ends; Foundation's trimming went
    /// through NSString and was half of a Prometheus scrape's CPU.
    static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
