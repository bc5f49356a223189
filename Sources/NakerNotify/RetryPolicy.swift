import NakerConfig
import NakerCore

/// Whether and when to retry a webhook: one pure function of the attempt's result and the clock.
public enum RetryPolicy {
    /// - Parameters:
    ///   - attempt: the number of the attempt that just ended, from 1.
    ///   - firstAttemptAt: Unix time of the first attempt.
    ///   - now: Unix time now (the attempt's end).
    ///   - random: uniform in [0, 1): the full-jitter factor.
    /// - Returns: `.delivered` for 2xx; `.retry` for 5xx, 408, 429, timeouts, connection and TLS
    ///   errors with `random × min(max, initial × 2^(attempt−1))` seconds, never less than a
    ///   `Retry-After`, but never later than the end of `giveUpAfter` from the first attempt; `.giveUp`
    ///   for other statuses, permanent transport errors, or once that window has passed.
    public static func decide(
        _ result: WebhookResult,
        attempt: Int,
        firstAttemptAt: Double,
        now: Double,
        config: RetryConfig,
        random: Double
    ) -> RetryDecision {
        var floor = 0.0
        switch result {
        case .response(let status, _, _):
            if (200..<300).contains(status) { return .delivered }
            guard status >= 500 || status == 408 || status == 429 else {
                return .giveUp(.rejected(status: status))
            }
            floor = RetryAfter.requested(result, now: now) ?? 0
        case .transportError(let error):
            guard error.isRetryable else { return .giveUp(.transport(error)) }
        }
        let (initial, max, giveUpAfter) = (
            config.initial.seconds, config.max.seconds, config.giveUpAfter.seconds
        )
        let exponent = Double(Swift.max(0, attempt - 1))
        let cap = Swift.min(max, initial * (exponent > 1023 ? .infinity : pow2(exponent)))
        let jitter = Swift.min(Swift.max(random, 0), 1)
        let delay = Swift.max(floor, jitter * Swift.max(cap, 0))
        // Nothing is given up before the window has passed: a retry (or a Retry-After) that would
        // land later becomes the last attempt, at the window's end.
        let left = firstAttemptAt + giveUpAfter - now
        guard left > 0 else { return .giveUp(.expired(giveUpAfter: giveUpAfter)) }
        return .retry(after: Swift.min(delay, left))
    }

    private static func pow2(_ exponent: Double) -> Double {
        Double(sign: .plus, exponent: Int(exponent), significand: 1)
    }
}

/// What to do with a notification after an attempt.
public enum RetryDecision: Equatable, Sendable, CustomStringConvertible {
    /// A 2xx answer: remove it from the outbox.
    case delivered
    /// Try again this many seconds after the attempt ended.
    case retry(after: Double)
    /// Stop: count it as failed and log the reason.
    case giveUp(GiveUpReason)

    public var description: String {
        switch self {
        case .delivered: "delivered"
        case .retry(let after): "retry in \(after) s"
        case .giveUp(let reason): "give up: \(reason)"
        }
    }
}

/// Why delivery of a notification ended without success.
public enum GiveUpReason: Equatable, Sendable, CustomStringConvertible {
    /// The receiver answered with a status that retrying cannot fix (most 4xx, 3xx).
    case rejected(status: Int)
    /// The transport failed in a way that retrying cannot fix (malformed URL, ...).
    case transport(TransportError)
    /// `give_up_after` (seconds) has passed since the first attempt.
    case expired(giveUpAfter: Double)

    public var description: String {
        switch self {
        case .rejected(let status) where (300..<400).contains(status):
            "the receiver answered with a redirect (HTTP \(status)), which is not followed; "
                + "set the receiver's URL to the final address"
        case .rejected(let status) where status == 401 || status == 403:
            "the receiver refused the credentials (HTTP \(status)); check the receiver's token "
                + "headers and URL"
        case .rejected(let status):
            "the receiver rejected the notification (HTTP \(status)); retrying cannot help: check the "
                + "receiver's URL, format and message template against what it expects"
        case .transport(let error):
            "\(error) (not retried)"
        case .expired(let giveUpAfter):
            "still not delivered \(Self.duration(giveUpAfter)) after the first attempt "
                + "(notification.retry.give_up_after); make the receiver reachable, or raise give_up_after"
        }
    }

    private static func duration(_ seconds: Double) -> String {
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 {
            return "\(Int(seconds / 3600))h"
        }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 {
            return "\(Int(seconds / 60))m"
        }
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}

/// The `Retry-After` response header (RFC 9110 10.2.3): delay seconds or an HTTP-date.
enum RetryAfter {
    /// How long the receiver asked to wait: its `Retry-After` header, or, on a 429, Telegram's
    /// `parameters.retry_after` in the body; the longer of the two when both are there.
    static func requested(_ result: WebhookResult, now: Double) -> Double? {
        guard case .response(let status, let headers, let body) = result else { return nil }
        let header = headers["retry-after"].flatMap { seconds($0, now: now) }
        let telegram =
            status == 429
            ? TelegramAnswer.parameters(body)?.retryAfter.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil } : nil
        switch (header, telegram) {
        case (let header?, let telegram?): return Swift.max(header, telegram)
        case (let header, let telegram): return header ?? telegram
        }
    }

    /// Seconds to wait from `now` (Unix time), or nil when the header is not understood. A date in
    /// the past gives 0.
    static func seconds(_ header: String, now: Double) -> Double? {
        let text = header.trimmingSpaces()
        if !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            return Double(text)
        }
        guard let date = httpDate(text) else { return nil }
        return Swift.max(0, date - now)
    }

    private static let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]

    /// Unix time of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), an RFC 850 date
    /// (`Sunday, 06-Nov-94 08:49:37 GMT`) or an asctime date (`Sun Nov  6 08:49:37 1994`).
    static func httpDate(_ text: String) -> Double? {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        var day: Int?
        var month: Int?
        var year: Int?
        var time: String?
        switch fields.count {
        case 6 where fields[5] == "GMT":
            // IMF-fixdate or RFC 850: weekday day month year time GMT.
            (day, month, year, time) = (Int(fields[1]), monthNumber(fields[2]), Int(fields[3]), fields[4])
            if let short = year, fields[3].count == 2 {
                year = short < 70 ? 2000 + short : 1900 + short
            }
        case 5:
            // asctime: weekday month day time year.
            (month, day, time, year) = (monthNumber(fields[1]), Int(fields[2]), fields[3], Int(fields[4]))
        default:
            return nil
        }
        let clock = (time ?? "").split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard let day, let month, let year, clock.count == 3,
            let hour = clock[0], let minute = clock[1], let second = clock[2],
            (0..<24).contains(hour), (0..<60).contains(minute), (0...60).contains(second),
            let date = LocalDate(year: year, month: month, day: day)
        else { return nil }
        return Double(date.dayNumber) * 86_400 + Double(hour * 3600 + minute * 60 + second)
    }

    private static func monthNumber(_ name: String) -> Int? {
        months.firstIndex(of: name.lowercased()).map { $0 + 1 }
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
