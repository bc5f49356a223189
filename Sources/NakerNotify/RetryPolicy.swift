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
        case .response(let status, let headers, _):
            if (200..<300).contains(status) { return .delivered }
            guard status >= 500 || status == 408 || status == 429 else {
                return .giveUp(.rejected(status: status))
            }
            if let header = headers["retry-after"], let seconds = RetryAfter.seconds(header, now: now) {
                floor = seconds
            }
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
