import Foundation
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// The HTTP/1 child channel: Hummingbird's, with `HTTPConnectionRules` where the HTTP version and
/// the raw request line are still known (Hummingbird's request type no longer has them).
struct NakerHTTPChannel: HTTPChannelHandler {
    let responder: HTTPChannelHandler.Responder
    let security: WebSecurity?
    let registry: ConnectionRegistry
    /// Scrapes answered on the event loop (see `ScrapeFastPath`); nil sends them to the router.
    let fastPath: (telemetryPath: String, scrapes: ScrapeCache)?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<
        NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>
    > {
        channel.eventLoop.makeCompletedFuture {
            let deadline = RequestDeadline(limits: registry.limits, registry: registry)
            try channel.pipeline.syncOperations.addHandler(deadline)
            // The settings of the moment: a renewed certificate serves the next connection.
            let tls = security.flatMap { $0.tlsHandler($0.current()) }
            if let tls { try channel.pipeline.syncOperations.addHandler(tls) }
            // The parser's own limit stops what the rules below cannot see whole.
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderListSize = HTTPConnectionRules.parserLimitBytes
            limits.maxHeaderFieldSize = HTTPConnectionRules.parserLimitBytes
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false,
                withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
            try channel.pipeline.syncOperations.addHandler(
                HTTPConnectionRules(deadline: deadline, maximumBodyBytes: registry.limits.maximumBodyBytes))
            if let fastPath {
                try channel.pipeline.syncOperations.addHandler(
                    ScrapeFastPath(telemetryPath: fastPath.telemetryPath, scrapes: fastPath.scrapes))
            }
            try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: tls != nil))
            try channel.pipeline.syncOperations.addHandler(HTTPConnectionStateHandler(logger: logger))
            return try NIOAsyncChannel(
                wrappingChannelSynchronously: channel,
                configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value asyncChannel: NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, logger: Logger) async
    {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }

    static func server(
        security: WebSecurity?, registry: ConnectionRegistry,
        fastPath: (telemetryPath: String, scrapes: ScrapeCache)?
    ) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            NakerHTTPChannel(responder: responder, security: security, registry: registry, fastPath: fastPath)
        }
    }
}

/// Connection rules a client may rely on, applied before a request reaches the router:
/// - a request that does not keep the connection alive (HTTP/1.0 without keep-alive,
///   `Connection: close`) gets `Connection: close` and the connection is closed after the answer;
/// - a request line longer than 8 KiB gets 414, header fields over 16 KiB 431, a body over the
///   limit 413, and a `Transfer-Encoding` other than `chunked` 501, each with `Connection: close`;
/// - `RequestDeadline` learns when a request has been read and when its answer has gone out.
final class HTTPConnectionRules: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    static let maximumURIBytes = 8 * 1024
    static let maximumHeaderBytes = 16 * 1024
    /// Beyond this the parser itself stops (431 too); below it the request head arrives whole.
    static let parserLimitBytes = 64 * 1024

    private let deadline: RequestDeadline
    private let maximumBodyBytes: Int
    private var keepAlive = true
    /// Answered here: the rest of the request is dropped and the connection closes.
    private var refused = false
    private var bodyBytes = 0
    /// The router has begun its answer; a refusal now can only close the connection.
    private var answering = false

    init(deadline: RequestDeadline, maximumBodyBytes: Int) {
        self.deadline = deadline
        self.maximumBodyBytes = maximumBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            keepAlive = head.isKeepAlive
            bodyBytes = 0
            if let status = Self.refusal(head, maximumBodyBytes: maximumBodyBytes) {
                refuse(status, context: context)
                return
            }
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
            if bodyBytes > maximumBodyBytes {
                refuse(.payloadTooLarge, context: context)
                return
            }
        case .end:
            deadline.requestRead()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where !keepAlive:
            answering = true
            head.headers.replaceOrAdd(name: "connection", value: "close")
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .head:
            answering = true
            context.write(data, promise: promise)
        case .end where !keepAlive:
            let written = context.eventLoop.makePromise(of: Void.self)
            let channel = context.channel
            written.futureResult.whenComplete { _ in channel.close(promise: nil) }
            written.futureResult.cascade(to: promise)
            context.write(data, promise: written)
        case .end:
            answering = false
            let written = context.eventLoop.makePromise(of: Void.self)
            let deadline = NIOLoopBound(deadline, eventLoop: context.eventLoop)
            written.futureResult.whenSuccess { deadline.value.answerSent() }
            written.futureResult.cascade(to: promise)
            context.write(data, promise: written)
        default:
            context.write(data, promise: promise)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let parse = error as? HTTPParserError, parse == .headerOverflow {
            refuse(.requestHeaderFieldsTooLarge, context: context)
            return
        }
        context.fireErrorCaught(error)
    }

    static func refusal(_ head: HTTPRequestHead, maximumBodyBytes: Int) -> HTTPResponseStatus? {
        if head.uri.utf8.count > maximumURIBytes { return .uriTooLong }
        if let length = head.headers["content-length"].first.flatMap({ Int($0) }), length > maximumBodyBytes {
            return .payloadTooLarge
        }
        let headerBytes = head.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
        if headerBytes > maximumHeaderBytes { return .requestHeaderFieldsTooLarge }
        let codings = head.headers["transfer-encoding"].flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        if !codings.isEmpty, codings != ["chunked"] { return .notImplemented }
        return nil
    }

    private func refuse(_ status: HTTPResponseStatus, context: ChannelHandlerContext) {
        guard !refused else { return }
        refused = true
        guard !answering else {
            context.close(promise: nil)
            return
        }
        let body = context.channel.allocator.buffer(string: "\(status.code) \(status.reasonPhrase)\n")
        let head = HTTPResponseHead(
            version: .http1_1, status: status,
            headers: [
                "connection": "close", "content-type": "text/plain; charset=utf-8",
                "content-length": "\(body.readableBytes)",
            ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
