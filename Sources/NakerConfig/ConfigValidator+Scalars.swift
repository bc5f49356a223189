import Foundation
import NakerCore

extension ConfigValidator {
    mutating func report(_ path: String, _ message: String, _ at: ConfigScalar? = nil, line: Int? = nil) {
        problems.append(
            ConfigProblem(path: path, message: message, line: at?.line ?? line, column: at?.column))
    }

    /// Non-empty text, trimmed.
    mutating func text(_ raw: ConfigScalar, _ path: String) -> String? {
        let value = raw.text.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else {
            report(path, "must not be empty", raw)
            return nil
        }
        return value
    }

    mutating func name(_ raw: ConfigScalar?, _ path: String, line: Int?) -> String? {
        guard let raw else {
            report("\(path).name", "is required: a name of lowercase letters, digits and _", line: line)
            return nil
        }
        let valid =
            !raw.text.isEmpty
            && raw.text.utf8.allSatisfy {
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_")
            }
        guard valid else {
            let suggestion = raw.text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
            report(
                "\(path).name",
                "\"\(raw.text)\" must match \(ConfigValidator.namePattern); write e.g. \"\(String(suggestion))\"",
                raw)
            return nil
        }
        return raw.text
    }

    /// A Prometheus duration greater than zero (intervals, timeouts, ages).
    mutating func positiveDuration(_ raw: ConfigScalar, _ path: String) -> Duration? {
        duration(raw, path, zeroAllowed: false)
    }

    /// A Prometheus duration; `0` and `0s` pass only where zero makes sense (`for`, `group_wait`).
    mutating func duration(_ raw: ConfigScalar, _ path: String, zeroAllowed: Bool) -> Duration? {
        let text = raw.text.trimmingCharacters(in: .whitespaces)
        guard let milliseconds = DurationText.milliseconds(text) else {
            report(
                path,
                "\"\(raw.text)\" is not a duration; write e.g. \(zeroAllowed ? "0s, " : "")90s, 5m, 1h or 730d",
                raw)
            return nil
        }
        guard zeroAllowed || milliseconds > 0 else {
            report(path, "must be greater than 0; write e.g. 90s, 5m or 1h", raw)
            return nil
        }
        return .milliseconds(milliseconds)
    }

    /// Whole days from 1 day to 100 years.
    mutating func wholeDays(_ raw: ConfigScalar, _ path: String) -> Int? {
        if DurationText.milliseconds(raw.text) == 0 {
            report(path, "must be greater than 0; write e.g. 730d", raw)
            return nil
        }
        guard let milliseconds = DurationText.milliseconds(raw.text), milliseconds > 0,
            milliseconds % 86_400_000 == 0, milliseconds / 86_400_000 <= 36_500
        else {
            report(path, "\"\(raw.text)\" is not a whole number of days up to 36500d; write e.g. 730d", raw)
            return nil
        }
        return Int(milliseconds / 86_400_000)
    }

    mutating func date(_ raw: ConfigScalar, _ path: String) -> LocalDate? {
        guard let date = LocalDate(iso: raw.text.trimmingCharacters(in: .whitespaces)) else {
            report(path, "\"\(raw.text)\" is not a date; write YYYY-MM-DD, e.g. 2024-12-31", raw)
            return nil
        }
        return date
    }

    /// A whole count such as a goal of persons: `10.000` (Indonesian thousands, which YAML reads as 10)
    /// gets the hint to write 10000.
    mutating func wholeCount(_ raw: ConfigScalar, _ path: String) -> Double? {
        let text = raw.text.trimmingCharacters(in: .whitespaces)
        if Self.isThousandsNotation(text) {
            let digits = text.replacingOccurrences(of: ".", with: "")
            report(
                path,
                "\"\(text)\" is a decimal number here, not \(digits): write \(digits) without the thousands dot",
                raw)
            return nil
        }
        guard let value = number(raw, path) else { return nil }
        guard value == value.rounded(), value <= Self.largestCount else {
            report(path, "\"\(text)\" must be a whole number up to 1000000000000; write e.g. 10000", raw)
            return nil
        }
        return value
    }

    /// Counts of persons above this are typing mistakes (and would lose precision as Doubles).
    static let largestCount = 1e12

    /// `10.000`, `2.500`, `1.250.000`: one to three digits, then groups of a dot and three digits.
    static func isThousandsNotation(_ text: String) -> Bool {
        let groups = text.split(separator: ".", omittingEmptySubsequences: false)
        guard groups.count >= 2, let head = groups.first, (1...3).contains(head.count) else { return false }
        return groups.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
            && groups.dropFirst().allSatisfy { $0.count == 3 }
    }

    mutating func number(_ raw: ConfigScalar, _ path: String) -> Double? {
        // Plain decimal digits only: YAML's other spellings (10_000, 0x10, .inf) are refused.
        let text = raw.text.trimmingCharacters(in: .whitespaces)
        // Double(_:) also reads hex (0x10) and "nan"; a config number is decimal digits only.
        let decimal = text.allSatisfy { "0123456789.eE+-".contains($0) }
        guard decimal, let value = Double(text), value.isFinite else {
            report(
                path,
                "\"\(raw.text)\" is not a number; write digits with a dot for decimals, e.g. 10000 or 0.04",
                raw)
            return nil
        }
        return value
    }
}
