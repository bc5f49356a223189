import Foundation
import NIOCore
import NIOHTTP1
import NakerCore

/// Scrapes answered on the connection's event loop, straight from `ScrapeCache`.
///
/// A scrape is nearly every request the daemon gets, and its body is already built; what it
/// costs through the router is the hop into an async task and back. This handler sits between
/// `HTTPConnectionRules` (so keep-alive, `Connection: close`, size limits and the request
/// deadline apply as for any request) and the router, and takes only a plain scrape:
/// `GET` or `HEAD` of the telemetry path, without a body, while no earlier request on the
/// connection is still waiting for the router's answer (answers keep their order). Anything
/// else goes on to the router unchanged. Not installed when a web config may ask for a password.
final class ScrapeFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private struct Scrape {
        var method: HTTPMethod
        var format: ExpositionFormat
        var gzip: Bool
    }

    private let telemetryPath: String
    private let scrapes: ScrapeCache
    /// Requests handed to the router whose answer has not ended yet.
    private var routed = 0
    /// A scrape whose head has been read; answered when its end arrives.
    private var scrape: Scrape?
    private var date = (second: 0, text: "")

    init(telemetryPath: String, scrapes: ScrapeCache) {
        self.telemetryPath = telemetryPath
        self.scrapes = scrapes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if routed == 0, let found = takes(head) {
                scrape = found
                return
            }
            routed += 1
        case .body:
            break
        case .end:
            if let found = scrape.take() {
                answer(found, context: context)
                return
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { routed -= 1 }
        context.write(data, promise: promise)
    }

    private func takes(_ head: HTTPRequestHead) -> Scrape? {
        guard head.method == .GET || head.method == .HEAD else { return nil }
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first
        guard path.map({ $0 == telemetryPath }) == true else { return nil }
        // No body: a request with one goes the long way (the router reads and drops it).
        guard !head.headers.contains(name: "transfer-encoding"),
            head.headers["content-length"].allSatisfy({ $0 == "0" })
        else { return nil }
        let accept = head.headers["accept"]
        let encoding = head.headers["accept-encoding"]
        return Scrape(
            method: head.method,
            format: ScrapeNegotiation.format(accept: accept.isEmpty ? nil : accept.joined(separator: ", ")),
            gzip: ScrapeNegotiation.acceptsGzip(encoding.isEmpty ? nil : encoding.joined(separator: ", ")))
    }

    private func answer(_ scrape: Scrape, context: ChannelHandlerContext) {
        let body = scrapes.body(format: scrape.format, gzip: scrape.gzip)
        var headers = HTTPHeaders()
        headers.reserveCapacity(4)
        headers.add(name: "Content-Type", value: scrape.format.contentType)
        if scrape.gzip { headers.add(name: "Content-Encoding", value: "gzip") }
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        headers.add(name: "Date", value: httpDate())
        let head = HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if scrape.method == .GET { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// The `Date` header, formatted once a second.
    private func httpDate() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        if now.tv_sec != date.second { date = (now.tv_sec, TimeText.http(Double(now.tv_sec))) }
        return date.text
    }
}
