import CMalloc
import Foundation
import Logging
import NIOCore
import Synchronization

/// What one client may hold (docs/http.md, "Limits"): a connection must send its request within
/// `readTimeout` of opening or of its first byte after an idle spell, may stay idle between
/// requests for `idleTimeout`, and must take its answer within `responseTimeout`. At most
/// `maximumConnections` are open at once, fewer than the descriptor limit, so sources, the state
/// database and webhooks always find descriptors.
public struct ConnectionLimits: Sendable {
    public var maximumConnections: Int
    public var readTimeout: TimeAmount = .seconds(10)
    public var idleTimeout: TimeAmount = .seconds(120)
    public var responseTimeout: TimeAmount = .seconds(120)
    /// Request bodies larger than this get 413 (only `POST /-/reload` takes one, and ignores it).
    public var maximumBodyBytes = 64 * 1024

    /// Descriptors kept for everything but clients.
    public static let reservedDescriptors = 128

    public init(maximumConnections: Int) {
        self.maximumConnections = maximumConnections
    }

    /// Raises the soft descriptor limit to the hard one (as Go programs do at start) and bounds
    /// the connections by what is left after the reserve.
    public static func fitted(requested: Int) -> (limits: ConnectionLimits, descriptors: Int) {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        let descriptors = limit.rlim_cur >= rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
        let available = max(16, descriptors - reservedDescriptors)
        return (ConnectionLimits(maximumConnections: max(1, min(requested, available))), descriptors)
    }
}

/// Every open client connection, in the order they came. Past the maximum, the connection that
/// has waited longest for a request is closed to make room (a hostile idle client, not the
/// newcomer, who is most likely a scrape); when every connection is busy, the newcomer is.
/// After a crowd leaves, freed heap is handed back to the system.
public final class ConnectionRegistry: Sendable {
    private struct Entry {
        var channel: any Channel
        var waiting = true
    }

    private struct State {
        var next = 0
        var open: [Int: Entry] = [:]
        var peak = 0
        var refusedSinceLog = 0
        var lastLog: NIODeadline?
    }

    let limits: ConnectionLimits
    private let logger: Logger
    private let state = Mutex(State())

    public init(limits: ConnectionLimits, logger: Logger) {
        self.limits = limits
        self.logger = logger
    }

    public var openCount: Int { state.withLock { $0.open.count } }

    /// Registers a new connection and returns its number.
    func admit(_ channel: any Channel) -> Int {
        var closing: (any Channel)?
        var log: (refused: Int, open: Int)?
        let id = state.withLock { state in
            let id = state.next
            state.next += 1
            state.open[id] = Entry(channel: channel)
            if state.open.count > limits.maximumConnections {
                let oldest = state.open.filter { $0.key != id && $0.value.waiting }.min { $0.key < $1.key }
                let victim = oldest?.key ?? id
                closing = state.open.removeValue(forKey: victim)?.channel
                state.refusedSinceLog += 1
                let now = NIODeadline.now()
                if state.lastLog.map({ now - $0 >= .seconds(60) }) ?? true {
                    log = (state.refusedSinceLog, state.open.count)
                    state.refusedSinceLog = 0
                    state.lastLog = now
                }
            }
            state.peak = max(state.peak, state.open.count)
            return id
        }
        closing?.close(promise: nil)
        if let log {
            logger.warning(
                "connection limit reached; closing the connections that waited longest for a request",
                metadata: [
                    "limit": "\(limits.maximumConnections)", "open": "\(log.open)",
                    "closed": "\(log.refused)",
                    "hint": "raise --web.max-connections and LimitNOFILE= if these are real clients",
                ])
        }
        return id
    }

    func setWaiting(_ id: Int, _ waiting: Bool) {
        state.withLock { $0.open[id]?.waiting = waiting }
    }

    func remove(_ id: Int) {
        let trim = state.withLock { state -> Bool in
            state.open.removeValue(forKey: id)
            // A crowd of at least 64 has mostly gone: give its buffers back.
            guard state.peak >= 64, state.open.count <= state.peak / 4 else { return false }
            state.peak = state.open.count
            return true
        }
        if trim { malloc_trim(0) }
    }
}

/// The first handler of a connection: it sees every byte arrive and closes the connection when
/// the deadline of its phase passes. `HTTPConnectionRules` tells it when a request has been read
/// and when its answer has gone out.
final class RequestDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    enum Phase {
        /// From the connection's start, or the first byte after an idle spell, to the request's end.
        case reading
        /// The request is being answered.
        case answering
        /// Between requests.
        case idle
    }

    private let limits: ConnectionLimits
    private let registry: ConnectionRegistry
    private var id: Int?
    private var phase = Phase.reading
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(limits: ConnectionLimits, registry: ConnectionRegistry) {
        self.limits = limits
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        id = registry.admit(context.channel)
        enter(.reading)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        self.context = nil
        if let id { registry.remove(id) }
        id = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        if let id { registry.remove(id) }
        id = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if phase == .idle { enter(.reading) }
        context.fireChannelRead(data)
    }

    /// The request, body included, has been read.
    func requestRead() { enter(.answering) }

    /// The answer has been written; the connection stays open for the next request.
    func answerSent() { enter(.idle) }

    private func enter(_ phase: Phase) {
        self.phase = phase
        timer?.cancel()
        guard let context, let id else { return }
        registry.setWaiting(id, phase != .answering)
        let timeout =
            switch phase {
            case .reading: limits.readTimeout
            case .answering: limits.responseTimeout
            case .idle: limits.idleTimeout
            }
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }
}
