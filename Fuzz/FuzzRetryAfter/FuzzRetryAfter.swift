import FuzzSupport
import NakerConfig

@testable import NakerNotify

/// The `Retry-After` header of a webhook's answer. Input: the clock (`FuzzInput.time`: a seed's
/// first byte `0` is 2024-05-01), an attempt byte, then the header value.
///
/// `RetryAfter.seconds` gives nil or a non-negative delay, and `RetryPolicy.decide` on a 503 with
/// that header a finite, non-negative delay within the give-up window.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRetryAfter(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var input = FuzzInput(data, count)
    let now = input.time()
    let attempt = Int(input.byte())
    let header = input.restString()

    let seconds = RetryAfter.seconds(header, now: now)
    if let seconds {
        fuzzCheck(!seconds.isNaN && seconds >= 0, "\(header.debugDescription) at \(now) gave \(seconds)")
    }
    guard now.isFinite else { return 0 }
    let config = RetryConfig()
    let firstAttemptAt = now - Double(attempt) * 600
    let decision = RetryPolicy.decide(
        .response(status: 503, headers: ["retry-after": header], body: []), attempt: attempt + 1,
        firstAttemptAt: firstAttemptAt, now: now, config: config, random: 0.5)
    switch decision {
    case .retry(let after):
        let left = firstAttemptAt + config.giveUpAfter.seconds - now
        fuzzCheck(
            after.isFinite && after >= 0 && after <= left,
            "\(header.debugDescription) at \(now), attempt \(attempt + 1): retry after \(after) (\(left) s left)"
        )
    case .giveUp(.expired):
        fuzzCheck(
            firstAttemptAt + config.giveUpAfter.seconds - now <= 0,
            "gave up early on \(header.debugDescription)")
    case .delivered, .giveUp:
        fuzzCheck(false, "a 503 gave \(decision)")
    }
    return 0
}
