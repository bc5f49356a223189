/// Label-set conventions shared by grouping and the webhook payload, as Prometheus' `model.LabelSet`
/// defines them.
enum LabelSets {
    /// Go compares strings byte by byte; Swift's `<` compares Unicode scalars after normalisation.
    static func bytesPrecede(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }

    /// `{alertname="X", target="y"}`: names sorted, values quoted like Go's `strconv.Quote`
    /// (`LabelSet.String()`, which Alertmanager uses for group keys).
    static func text(_ labels: [String: String]) -> String {
        let pairs = labels.keys.sorted(by: bytesPrecede).map { "\($0)=\(goQuoted(labels[$0] ?? ""))" }
        return "{" + pairs.joined(separator: ", ") + "}"
    }

    /// Go's `strconv.Quote`: printable characters stay, the rest become escapes.
    static func goQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if scalar == " " || isGoPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value < 0x10000 {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return out + "\""
    }

    /// Go's `unicode.IsPrint` without the space: letters, marks, numbers, punctuation, symbols.
    private static func isGoPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator,
            .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Prometheus' `LabelSet.Before`: compare the sorted (name, value) pairs in turn; a prefix sorts first.
    static func precedes(_ left: [String: String], _ right: [String: String]) -> Bool {
        let leftNames = left.keys.sorted(by: bytesPrecede)
        let rightNames = right.keys.sorted(by: bytesPrecede)
        for (leftName, rightName) in zip(leftNames, rightNames) {
            if leftName != rightName { return bytesPrecede(leftName, rightName) }
            let leftValue = left[leftName] ?? ""
            let rightValue = right[rightName] ?? ""
            if leftValue != rightValue { return bytesPrecede(leftValue, rightValue) }
        }
        return leftNames.count < rightNames.count
    }

    /// The pairs every set has with the same value (Alertmanager's `commonLabels`); empty for no sets.
    static func common(_ sets: [[String: String]]) -> [String: String] {
        guard var shared = sets.first else { return [:] }
        for set in sets.dropFirst() {
            shared = shared.filter { set[$0.key] == $0.value }
        }
        return shared
    }
}
