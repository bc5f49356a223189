/// Renders metric families in Prometheus text 0.0.4 or OpenMetrics 1.0.
///
/// Only cheap structure is handled here: families are sorted by name, families sharing a name are merged
/// into one block (HELP and TYPE from the first) so the output never repeats metadata, and samples are
/// sorted (see `SampleOrder`). Metric and label names are the caller's responsibility and are written as
/// given. No sample carries a timestamp.
///
/// A family without samples still gets HELP and TYPE so it stays discoverable. Both formats allow it:
/// OpenMetrics shows such a family in its own examples, Go's expfmt parser (promtool, Prometheus) accepts
/// and drops it, and prometheus_client parses it as a family with no samples.
public enum ExpositionRenderer {
    public static let openMetricsTerminator = "# EOF\n"

    /// Renders families sorted by name, each contiguous; samples sorted by label values (label lists compared
    /// pairwise in order), except histogram samples, which keep bucket order within a label set (sort the
    /// label sets, keep _bucket by le ascending then _sum then _count). OpenMetrics ends with "# EOF\n".
    public static func render(_ families: [MetricFamily], format: ExpositionFormat) -> String {
        var output: [UInt8] = []
        render(families, format: format, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Same bytes, appended to a buffer (lets a caller render domain + live parts into one body without
    /// copies).
    public static func render(
        _ families: [MetricFamily], format: ExpositionFormat, into output: inout [UInt8]
    ) {
        renderBody(families, format: format, into: &output)
        if format == .openMetrics { output.append(contentsOf: openMetricsTerminator.utf8) }
    }

    /// Renders without the OpenMetrics "# EOF" terminator, so a caller can join several parts and add it
    /// once. Parts must not share family names: merging happens within one call only.
    public static func renderBody(
        _ families: [MetricFamily], format: ExpositionFormat, into output: inout [UInt8]
    ) {
        output.reserveCapacity(output.count + estimatedSize(of: families))
        for family in mergedByName(families) {
            appendFamily(family, format: format, to: &output)
        }
    }

    private static func appendFamily(
        _ family: MetricFamily, format: ExpositionFormat, to output: inout [UInt8]
    ) {
        // Text 0.0.4 names a counter family by its sample name; OpenMetrics by the base name.
        let metadataSuffix = format == .text && family.type == .counter ? "_total" : ""
        switch format {
        case .text:
            appendHelp(family, suffix: metadataSuffix, format: format, to: &output)
            appendType(family, suffix: metadataSuffix, to: &output)
        case .openMetrics:
            // OpenMetrics asks for TYPE before HELP.
            appendType(family, suffix: metadataSuffix, to: &output)
            appendHelp(family, suffix: metadataSuffix, format: format, to: &output)
        }
        for index in SampleOrder.indices(of: family) {
            appendSample(family.samples[index], of: family, to: &output)
        }
    }

    private static func appendHelp(
        _ family: MetricFamily, suffix: String, format: ExpositionFormat, to output: inout [UInt8]
    ) {
        output.append(contentsOf: "# HELP ".utf8)
        output.append(contentsOf: family.name.utf8)
        output.append(contentsOf: suffix.utf8)
        output.append(UInt8(ascii: " "))
        ExpositionEscaping.appendHelp(family.help, format: format, to: &output)
        output.append(UInt8(ascii: "\n"))
    }

    private static func appendType(_ family: MetricFamily, suffix: String, to output: inout [UInt8]) {
        output.append(contentsOf: "# TYPE ".utf8)
        output.append(contentsOf: family.name.utf8)
        output.append(contentsOf: suffix.utf8)
        output.append(UInt8(ascii: " "))
        output.append(contentsOf: family.type.rawValue.utf8)
        output.append(UInt8(ascii: "\n"))
    }

    private static func appendSample(
        _ sample: MetricSample, of family: MetricFamily, to output: inout [UInt8]
    ) {
        output.append(contentsOf: family.name.utf8)
        if family.type == .counter && sample.suffix.isEmpty {
            output.append(contentsOf: "_total".utf8)
        } else {
            output.append(contentsOf: sample.suffix.utf8)
        }
        if !sample.labels.isEmpty {
            output.append(UInt8(ascii: "{"))
            for (position, label) in sample.labels.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                output.append(contentsOf: label.name.utf8)
                output.append(UInt8(ascii: "="))
                output.append(UInt8(ascii: "\""))
                ExpositionEscaping.appendLabelValue(label.value, to: &output)
                output.append(UInt8(ascii: "\""))
            }
            output.append(UInt8(ascii: "}"))
        }
        output.append(UInt8(ascii: " "))
        ExpositionNumber.append(sample.value, to: &output)
        output.append(UInt8(ascii: "\n"))
    }

    /// Families sorted by name; same-named families joined so each name is one contiguous block.
    private static func mergedByName(_ families: [MetricFamily]) -> [MetricFamily] {
        let sorted = families.indices.sorted { left, right in
            families[left].name != families[right].name
                ? families[left].name < families[right].name : left < right
        }
        var merged: [MetricFamily] = []
        merged.reserveCapacity(families.count)
        for index in sorted {
            if let last = merged.last, last.name == families[index].name {
                merged[merged.count - 1].samples.append(contentsOf: families[index].samples)
            } else {
                merged.append(families[index])
            }
        }
        return merged
    }

    /// A cheap upper-ish guess so the buffer grows once: every sample line is sized like the family's first.
    private static func estimatedSize(of families: [MetricFamily]) -> Int {
        var total = openMetricsTerminator.utf8.count
        for family in families {
            let nameBytes = family.name.utf8.count
            total += 2 * nameBytes + family.help.utf8.count + 48
            guard let first = family.samples.first else { continue }
            // Room for "_total", braces, the space, a 24-byte value and the newline.
            var line = nameBytes + first.suffix.utf8.count + 40
            for label in first.labels { line += label.name.utf8.count + label.value.utf8.count + 4 }
            total += line * family.samples.count
        }
        return total
    }
}

/// Escaping shared by both formats; they differ only in whether HELP text escapes `"`.
enum ExpositionEscaping {
    /// Label values escape `\`, `"` and newline in both formats.
    static func appendLabelValue(_ value: String, to output: inout [UInt8]) {
        append(value, escapingQuotes: true, to: &output)
    }

    /// HELP escapes `\` and newline; OpenMetrics also escapes `"` (its HELP is an escaped-string).
    static func appendHelp(_ help: String, format: ExpositionFormat, to output: inout [UInt8]) {
        append(help, escapingQuotes: format == .openMetrics, to: &output)
    }

    private static func append(_ text: String, escapingQuotes: Bool, to output: inout [UInt8]) {
        // One pass over contiguous UTF-8, copying the runs between special characters in bulk. They are
        // all ASCII, so no multi-byte sequence can contain one.
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let escaped: UInt8
                switch bytes[index] {
                case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
                case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
                case UInt8(ascii: "\"") where escapingQuotes: escaped = UInt8(ascii: "\"")
                default: continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output.append(UInt8(ascii: "\\"))
                output.append(escaped)
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }
}

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

/// The deterministic order samples are written in, so equal inputs give byte-identical bodies.
enum SampleOrder {
    /// Indices into `family.samples` in output order. Plain samples sort by their label lists, compared
    /// pair by pair in the order given (value, then name); histogram samples sort by their label set
    /// without `le`, then `_bucket` (by `le` ascending), `_sum`, `_count`, so buckets stay in bucket order.
    /// Remaining ties keep input order.
    static func indices(of family: MetricFamily) -> [Int] {
        let samples = family.samples
        if samples.count < 2 { return Array(samples.indices) }
        if family.type == .histogram { return histogramIndices(samples) }
        return ordered(samples.count) { left, right in
            let order = compare(samples[left].labels, samples[right].labels, skippingLe: false)
            if order != 0 { return order < 0 }
            if samples[left].suffix != samples[right].suffix {
                return samples[left].suffix < samples[right].suffix
            }
            return left < right
        }
    }

    private static func histogramIndices(_ samples: [MetricSample]) -> [Int] {
        // Parse each `le` once, not once per comparison.
        let ranks = samples.map { partRank($0.suffix) }
        // A missing or unreadable (or NaN) bound sorts last, keeping the order total.
        let bounds = samples.map { sample in
            let bound = sample.labels.last { $0.name == "le" }.flatMap { Double($0.value) } ?? .infinity
            return bound.isNaN ? .infinity : bound
        }
        return ordered(samples.count) { left, right in
            let order = compare(samples[left].labels, samples[right].labels, skippingLe: true)
            if order != 0 { return order < 0 }
            if ranks[left] != ranks[right] { return ranks[left] < ranks[right] }
            if ranks[left] == 0, bounds[left] != bounds[right] { return bounds[left] < bounds[right] }
            if samples[left].suffix != samples[right].suffix {
                return samples[left].suffix < samples[right].suffix
            }
            return left < right
        }
    }

    /// Callers usually build samples in order already, so one linear check often saves the sort.
    private static func ordered(_ count: Int, by precedes: (Int, Int) -> Bool) -> [Int] {
        let identity = Array(0..<count)
        if identity.dropFirst().allSatisfy({ precedes($0 - 1, $0) }) { return identity }
        return identity.sorted(by: precedes)
    }

    private static func partRank(_ suffix: String) -> Int {
        switch suffix {
        case "_bucket": 0
        case "_sum": 1
        case "_count": 2
        default: 3
        }
    }

    /// Three-way comparison of two label lists, pair by pair; a list that is a prefix of the other sorts
    /// first.
    private static func compare(_ left: [MetricLabel], _ right: [MetricLabel], skippingLe: Bool) -> Int {
        var leftIndex = 0
        var rightIndex = 0
        while true {
            if skippingLe {
                while leftIndex < left.count, left[leftIndex].name == "le" { leftIndex += 1 }
                while rightIndex < right.count, right[rightIndex].name == "le" { rightIndex += 1 }
            }
            let leftDone = leftIndex == left.count
            let rightDone = rightIndex == right.count
            if leftDone || rightDone { return leftDone == rightDone ? 0 : (leftDone ? -1 : 1) }
            let leftLabel = left[leftIndex]
            let rightLabel = right[rightIndex]
            if leftLabel.value != rightLabel.value { return leftLabel.value < rightLabel.value ? -1 : 1 }
            if leftLabel.name != rightLabel.name { return leftLabel.name < rightLabel.name ? -1 : 1 }
            leftIndex += 1
            rightIndex += 1
        }
    }
}
