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
