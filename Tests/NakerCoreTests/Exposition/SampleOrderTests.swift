import NakerCore
import Testing

/// Output order must not depend on input order, so identical state gives identical bodies.
struct SampleOrderTests {
    @Test(arguments: [ExpositionFormat.text, .openMetrics])
    func shuffledInputRendersTheSameBytes(format: ExpositionFormat) {
        let families = ExpositionFixtures.families
        let reference = ExpositionRenderer.render(families, format: format)
        var generator = SplitMix(seed: 7)
        for _ in 0..<20 {
            let shuffled = families.map { family in
                var copy = family
                copy.samples.shuffle(using: &generator)
                return copy
            }.shuffled(using: &generator)
            #expect(ExpositionRenderer.render(shuffled, format: format) == reference)
        }
    }

    @Test func familiesSortByNameAndSamplesByLabelListsPairwise() {
        let samples = [
            MetricSample(labels: [MetricLabel("area", "b"), MetricLabel("programme", "a")], value: 1),
            MetricSample(labels: [MetricLabel("area", "a"), MetricLabel("programme", "z")], value: 2),
            MetricSample(labels: [MetricLabel("area", "a"), MetricLabel("programme", "b")], value: 3),
            MetricSample(labels: [MetricLabel("area", "a")], value: 4),
        ]
        let families = [
            MetricFamily(name: "naker_z", help: "z", type: .gauge, samples: [MetricSample(value: 0)]),
            MetricFamily(name: "naker_entrepreneurs", help: "e", type: .gauge, samples: samples),
        ]
        #expect(
            ExpositionRenderer.render(families, format: .text) == """
                # HELP naker_entrepreneurs e
                # TYPE naker_entrepreneurs gauge
                naker_entrepreneurs{area="a"} 4
                naker_entrepreneurs{area="a",programme="b"} 3
                naker_entrepreneurs{area="a",programme="z"} 2
                naker_entrepreneurs{area="b",programme="a"} 1
                # HELP naker_z z
                # TYPE naker_z gauge
                naker_z 0

                """
        )
    }

    @Test func sameNamedFamiliesMergeIntoOneBlock() {
        let families = [
            MetricFamily(
                name: "naker_source_up", help: "first", type: .gauge,
                samples: [
                    MetricSample(labels: [MetricLabel("source", "b")], value: 1)
                ]),
            MetricFamily(
                name: "naker_source_up", help: "second", type: .gauge,
                samples: [
                    MetricSample(labels: [MetricLabel("source", "a")], value: 0)
                ]),
        ]
        #expect(
            ExpositionRenderer.render(families, format: .text) == """
                # HELP naker_source_up first
                # TYPE naker_source_up gauge
                naker_source_up{source="a"} 0
                naker_source_up{source="b"} 1

                """
        )
    }

    @Test func histogramBucketsSortNumericallyNotAsText() {
        // "10.0" < "2.5" as text; numerically 2.5 comes first.
        let samples = MetricFamily.histogramSamples(
            labels: [], upperBounds: [2.5, 10], cumulativeCounts: [1, 2], sum: 3, count: 2
        )
        let family = MetricFamily(name: "naker_h", help: "h", type: .histogram, samples: samples.reversed())
        #expect(
            ExpositionRenderer.render([family], format: .text) == """
                # HELP naker_h h
                # TYPE naker_h histogram
                naker_h_bucket{le="2.5"} 1
                naker_h_bucket{le="10.0"} 2
                naker_h_bucket{le="+Inf"} 2
                naker_h_sum 3
                naker_h_count 2

                """
        )
    }
}

/// A seeded generator so the shuffles, and any failure they find, repeat.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
