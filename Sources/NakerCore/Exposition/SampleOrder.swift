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
