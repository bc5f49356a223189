import NakerConfig
import Testing

@testable import NakerNotify

struct RetryPolicyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var result: WebhookResult
        var attempt = 1
        var firstAttemptAt = 1_000.0
        var now = 1_000.0
        var config = RetryConfig()
        var random = 0.5
        var expected: RetryDecision

        var testDescription: String { name }
    }

    static func status(_ code: Int, _ headers: [String: String] = [:]) -> WebhookResult {
        .response(status: code, headers: headers, body: [])
    }

    static let cases: [Case] = [
        Case(name: "200 is delivered", result: status(200), expected: .delivered),
        Case(name: "204 is delivered", result: status(204), expected: .delivered),
        Case(name: "299 is delivered", result: status(299), expected: .delivered),
        Case(name: "500, first retry: random × initial", result: status(500), expected: .retry(after: 0.5)),
        Case(
            name: "502, fourth attempt: random × 2^3", result: status(502), attempt: 4,
            expected: .retry(after: 4)),
        Case(
            name: "503, late attempt: capped at max", result: status(503), attempt: 30, random: 0.9,
            expected: .retry(after: 270)),
        Case(
            name: "huge attempt number does not overflow", result: status(500), attempt: 5_000, random: 0.5,
            expected: .retry(after: 150)),
        Case(
            name: "random 0 retries at once", result: status(500), attempt: 3, random: 0,
            expected: .retry(after: 0)),
        Case(name: "408 is retried", result: status(408), expected: .retry(after: 0.5)),
        Case(name: "429 without Retry-After", result: status(429), expected: .retry(after: 0.5)),
        Case(
            name: "429 Retry-After 2 s beats a shorter jitter", result: status(429, ["retry-after": "2"]),
            random: 0, expected: .retry(after: 2)),
        Case(
            name: "429 Retry-After 2 s, longer jitter wins", result: status(429, ["retry-after": "2"]),
            attempt: 3, random: 0.9, expected: .retry(after: 3.6)),
        Case(
            name: "Retry-After above max is honoured", result: status(503, ["retry-after": "600"]),
            expected: .retry(after: 600)),
        Case(
            name: "Retry-After as HTTP-date, 30 s ahead",
            result: status(429, ["retry-after": "Sun, 06 Nov 1994 08:50:07 GMT"]),
            firstAttemptAt: 784_111_777, now: 784_111_777, random: 0, expected: .retry(after: 30)),
        Case(
            name: "Retry-After date in the past: backoff only",
            result: status(429, ["retry-after": "Sun, 06 Nov 1994 08:49:37 GMT"]),
            firstAttemptAt: 784_111_900, now: 784_111_900, expected: .retry(after: 0.5)),
        Case(
            name: "unreadable Retry-After is ignored", result: status(429, ["retry-after": "soon"]),
            expected: .retry(after: 0.5)),
        Case(name: "400 gives up at once", result: status(400), expected: .giveUp(.rejected(status: 400))),
        Case(name: "401 gives up at once", result: status(401), expected: .giveUp(.rejected(status: 401))),
        Case(name: "404 gives up at once", result: status(404), expected: .giveUp(.rejected(status: 404))),
        Case(name: "422 gives up at once", result: status(422), expected: .giveUp(.rejected(status: 422))),
        Case(
            name: "302 gives up (redirects not followed)", result: status(302),
            expected: .giveUp(.rejected(status: 302))),
        Case(name: "timeout is retried", result: .transportError(.timeout), expected: .retry(after: 0.5)),
        Case(
            name: "connection failure is retried", result: .transportError(.connectionFailed), attempt: 2,
            expected: .retry(after: 1)),
        Case(name: "TLS failure is retried", result: .transportError(.tls), expected: .retry(after: 0.5)),
        Case(name: "cancelled is retried", result: .transportError(.cancelled), expected: .retry(after: 0.5)),
        Case(
            name: "malformed URL gives up", result: .transportError(.other(code: 3)),
            expected: .giveUp(.transport(.other(code: 3)))),
        Case(
            name: "unknown curl error is retried", result: .transportError(.other(code: 99)),
            expected: .retry(after: 0.5)),
        Case(
            name: "retry landing exactly at give_up_after is still allowed", result: status(500),
            firstAttemptAt: 0, now: 86_399.5, expected: .retry(after: 0.5)),
        Case(
            name: "retry landing after give_up_after moves to the window's end", result: status(500),
            firstAttemptAt: 0, now: 86_399.75, expected: .retry(after: 0.25)),
        Case(
            name: "a failure after the window has passed gives up", result: status(500), firstAttemptAt: 0,
            now: 86_400, expected: .giveUp(.expired(giveUpAfter: 86_400))),
        Case(
            name: "Retry-After beyond give_up_after: the last attempt at the window's end",
            result: status(429, ["retry-after": "120"]), firstAttemptAt: 0, now: 30,
            config: RetryConfig(initial: .seconds(1), max: .seconds(60), giveUpAfter: .seconds(100)),
            expected: .retry(after: 70)),
        Case(
            name: "Retry-After 99999999 four ms into a 20 s window",
            result: status(429, ["retry-after": "99999999"]),
            firstAttemptAt: 0, now: 0.004,
            config: RetryConfig(initial: .seconds(1), max: .seconds(60), giveUpAfter: .seconds(20)),
            expected: .retry(after: 19.996)),
        Case(
            name: "Retry-After beyond a window already passed gives up",
            result: status(429, ["retry-after": "120"]), firstAttemptAt: 0, now: 101,
            config: RetryConfig(initial: .seconds(1), max: .seconds(60), giveUpAfter: .seconds(100)),
            expected: .giveUp(.expired(giveUpAfter: 100))),
        Case(
            name: "a delivered answer after give_up_after still counts", result: status(200),
            firstAttemptAt: 0,
            now: 200_000, expected: .delivered),
        Case(
            name: "a rejected answer is not retried even early", result: status(403), firstAttemptAt: 0,
            now: 0,
            expected: .giveUp(.rejected(status: 403))),
        Case(
            name: "custom initial and max", result: status(500), attempt: 3,
            config: RetryConfig(initial: .seconds(2), max: .seconds(5), giveUpAfter: .seconds(3_600)),
            random: 0.5,
            expected: .retry(after: 2.5)),
    ]

    @Test(arguments: cases)
    func decides(_ testCase: Case) {
        let decision = RetryPolicy.decide(
            testCase.result, attempt: testCase.attempt, firstAttemptAt: testCase.firstAttemptAt,
            now: testCase.now,
            config: testCase.config, random: testCase.random)
        #expect(decision == testCase.expected)
    }

    @Test func defaultsMatchTheSpec() {
        #expect(
            RetryConfig()
                == RetryConfig(initial: .seconds(1), max: .seconds(300), giveUpAfter: .seconds(86_400)))
    }

    @Test(arguments: [
        ("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777.0),
        ("Sunday, 06-Nov-94 08:49:37 GMT", 784_111_777.0),
        ("Sun Nov  6 08:49:37 1994", 784_111_777.0),
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0),
        ("Wed, 01 May 2024 08:00:00 GMT", 1_714_550_400.0),
    ])
    func parsesHTTPDates(_ text: String, _ expected: Double) {
        #expect(RetryAfter.httpDate(text) == expected)
    }

    @Test(arguments: [
        "", "tomorrow", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "-5", "1.5",
    ])
    func rejectsOtherRetryAfterValues(_ text: String) {
        #expect(RetryAfter.seconds(text, now: 0) == nil)
    }

    @Test func giveUpReasonsSayWhatToDo() {
        #expect("\(GiveUpReason.rejected(status: 302))".contains("final address"))
        #expect("\(GiveUpReason.rejected(status: 401))".contains("credentials"))
        #expect("\(GiveUpReason.rejected(status: 400))".contains("template"))
        #expect("\(GiveUpReason.expired(giveUpAfter: 86_400))".contains("24h"))
    }
}
