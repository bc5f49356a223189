/// Why an alert rule cannot be evaluated; the description says what to write instead.
public enum AlertRuleProblem: Error, Hashable, Sendable, CustomStringConvertible {
    case missingName
    case missingTarget(String)
    case unexpectedTarget(String)
    case unexpectedSource(String)
    case negativeDuration(String)
    case badThreshold(Double)
    case badMaxAge(Double)

    public var description: String {
        switch self {
        case .missingName:
            "the alert has no name; set name: (it becomes the alertname label)"
        case .missingTarget(let kind):
            "when: \(kind) needs target: naming one of the targets under targets:"
        case .unexpectedTarget(let kind):
            "when: \(kind) does not read a target; remove target:"
        case .unexpectedSource(let kind):
            "only when: source_stale takes source:; remove it from this \(kind) alert"
        case .negativeDuration(let key):
            "\(key) must be a duration of 0 or more, such as 0s or 1h"
        case .badThreshold(let value):
            "threshold \(value) is not a positive ratio; write pace as 0–1, e.g. 0.9 for 90 %"
        case .badMaxAge(let value):
            "max_age \(value) is not a positive duration; write e.g. max_age: 1h"
        }
    }
}
