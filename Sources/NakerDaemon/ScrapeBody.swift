import Hummingbird
import NakerCore

/// Builds one `/metrics` body: the snapshot's pre-rendered domain part plus the small live part
/// (self and process metrics) rendered now.
public enum ScrapeBody {
    /// With gzip, the domain part is deflated already and only the live part is compressed now.
    public static func render(
        snapshot: MetricsSnapshot?, live: [MetricFamily], format: ExpositionFormat, gzip: Bool
    ) -> ByteBuffer {
        var livePart: [UInt8] = []
        ExpositionRenderer.renderBody(live, format: format, into: &livePart)
        if format == .openMetrics {
            livePart.append(contentsOf: ExpositionRenderer.openMetricsTerminator.utf8)
        }
        if gzip {
            return ByteBuffer(
                bytes: Gzip.member(prefix: snapshot?.gzipPrefix(format) ?? .empty, tail: livePart))
        }
        let domain = snapshot?.body(format) ?? []
        var body = ByteBufferAllocator().buffer(capacity: domain.count + livePart.count)
        body.writeBytes(domain)
        body.writeBytes(livePart)
        return body
    }
}
