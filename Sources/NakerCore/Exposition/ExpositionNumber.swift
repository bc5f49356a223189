/// Number spellings for sample values and histogram `le` labels.
enum ExpositionNumber {
    /// Integers of smaller magnitude are exact in a Double, so they print without a decimal point.
    private static let exactIntegerLimit = 9_007_199_254_740_992.0  // 2^53

    /// Appends a sample value: integral values below 2^53 as plain integers, other finite values in Swift's
    /// shortest round-trip form (which may use an exponent such as `1e-05`; Go's ParseFloat and Python's
    /// float() both read it), and `NaN`, `+Inf`, `-Inf`.
    static func append(_ value: Double, to output: inout [UInt8]) {
        if value.isNaN {
            output.append(contentsOf: "NaN".utf8)
        } else if value.isInfinite {
            output.append(contentsOf: (value < 0 ? "-Inf" : "+Inf").utf8)
        } else if value.magnitude < exactIntegerLimit, Double(Int64(value)) == value {
            appendInteger(Int64(value), to: &output)
        } else {
            var text = value.description
            text.withUTF8 { output.append(contentsOf: $0) }
        }
    }

    /// The OpenMetrics canonical spelling (Go's `%g` with ".0" added when there is neither a point nor an
    /// exponent): `0.005`, `1.0`, `100000.0`, `1e+06`, `1e-05`, `+Inf`.
    static func canonical(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        // Both zeros print as "0.0": a sign on a bucket bound of zero carries no meaning.
        if value == 0 { return "0.0" }
        let (digits, point) = shortestDigits(value.magnitude)
        var text: [UInt8] = value < 0 ? [UInt8(ascii: "-")] : []
        let exponent = point - 1
        // Go's shortest %g switches to an exponent below 1e-4 and from 1e+06 on.
        if exponent < -4 || exponent >= 6 {
            text.append(digits[0])
            if digits.count > 1 {
                text.append(UInt8(ascii: "."))
                text.append(contentsOf: digits[1...])
            }
            text.append(UInt8(ascii: "e"))
            text.append(UInt8(ascii: exponent < 0 ? "-" : "+"))
            if exponent.magnitude < 10 { text.append(UInt8(ascii: "0")) }
            appendInteger(Int64(exponent.magnitude), to: &text)
        } else if point <= 0 {
            text.append(contentsOf: "0.".utf8)
            text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -point))
            text.append(contentsOf: digits)
        } else if point >= digits.count {
            text.append(contentsOf: digits)
            text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: point - digits.count))
            text.append(contentsOf: ".0".utf8)
        } else {
            text.append(contentsOf: digits[..<point])
            text.append(UInt8(ascii: "."))
            text.append(contentsOf: digits[point...])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func appendInteger(_ value: Int64, to output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digitCount = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digitCount += 1
        }
        // Digits come out least significant first, so reserve the slots and fill them from the end.
        let start = output.count
        output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digitCount))
        var index = start + digitCount - 1
        repeat {
            output[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            index -= 1
        } while magnitude > 0
    }

    /// The shortest round-trip digits of a positive finite value, without leading or trailing zeros, and
    /// the position of the decimal point: value = 0.d1d2…dn × 10^point. Read off Swift's own shortest
    /// rendering, which is the same digit string Go chooses.
    private static func shortestDigits(_ magnitude: Double) -> (digits: [UInt8], point: Int) {
        var digits: [UInt8] = []
        var point = 0
        var afterPoint = false
        var inExponent = false
        var exponent = 0
        var exponentSign = 1
        for byte in magnitude.description.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    digits.append(byte)
                    if !afterPoint { point += 1 }
                }
            case UInt8(ascii: "."): afterPoint = true
            case UInt8(ascii: "e"): inExponent = true
            case UInt8(ascii: "-"): exponentSign = -1
            default: break
            }
        }
        point += exponentSign * exponent
        let leadingZeros = digits.prefix { $0 == UInt8(ascii: "0") }.count
        digits.removeFirst(leadingZeros)
        point -= leadingZeros
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, point)
    }
}
