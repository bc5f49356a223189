import NakerCore
import Testing

struct MetricFamilyTests {
    @Test func histogramSamplesAreCumulativeWithInfSumAndCount() {
        let receiver = MetricLabel("receiver", "ops")
        let samples = MetricFamily.histogramSamples(
            labels: [receiver], upperBounds: [0.1, 1, 1e6], cumulativeCounts: [1, 3, 4], sum: 5.25, count: 5
        )
        #expect(
            samples == [
                MetricSample(labels: [receiver, MetricLabel("le", "0.1")], value: 1, suffix: "_bucket"),
                MetricSample(labels: [receiver, MetricLabel("le", "1.0")], value: 3, suffix: "_bucket"),
                MetricSample(labels: [receiver, MetricLabel("le", "1e+06")], value: 4, suffix: "_bucket"),
                MetricSample(labels: [receiver, MetricLabel("le", "+Inf")], value: 5, suffix: "_bucket"),
                MetricSample(labels: [receiver], value: 5.25, suffix: "_sum"),
                MetricSample(labels: [receiver], value: 5, suffix: "_count"),
            ]
        )
    }

    @Test func trailingInfBoundIsNotDoubled() {
        let samples = MetricFamily.histogramSamples(
            labels: [], upperBounds: [1, .infinity], cumulativeCounts: [2, 3], sum: 4, count: 3
        )
        #expect(samples.map(\.labels) == [[MetricLabel("le", "1.0")], [MetricLabel("le", "+Inf")], [], []])
        #expect(samples.map(\.value) == [2, 3, 4, 3])
    }

    @Test func noBoundsStillGivesInfSumAndCount() {
        let samples = MetricFamily.histogramSamples(
            labels: [], upperBounds: [], cumulativeCounts: [], sum: 0, count: 0
        )
        #expect(samples.map(\.suffix) == ["_bucket", "_sum", "_count"])
        #expect(samples[0].labels == [MetricLabel("le", "+Inf")])
    }
}
