import Testing

@testable import NakerCore

struct LabelSetsTests {
    @Test func groupKeyIsAlertmanagers() {
        #expect(
            NotificationDispatcher.groupKey(for: ["alertname": "WUBBehindPlan"])
                == "{}:{alertname=\"WUBBehindPlan\"}")
        #expect(
            NotificationDispatcher.groupKey(for: ["target": "wub", "alertname": "X"])
                == "{}:{alertname=\"X\", target=\"wub\"}")
        #expect(NotificationDispatcher.groupKey(for: [:]) == "{}:{}")
    }

    @Test func valuesAreQuotedLikeGo() {
        #expect(LabelSets.goQuoted("a \"b\" \\ c") == "\"a \\\"b\\\" \\\\ c\"")
        #expect(LabelSets.goQuoted("line\nnext\ttab") == "\"line\\nnext\\ttab\"")
        #expect(LabelSets.goQuoted("\u{01}\u{7f}") == "\"\\x01\\x7f\"")
        #expect(LabelSets.goQuoted("Capaian – 4,46 %") == "\"Capaian – 4,46 %\"")
        #expect(LabelSets.goQuoted("\u{2028}\u{00a0}") == "\"\\u2028\\u00a0\"")
    }

    @Test func orderIsPrometheusBefore() {
        #expect(LabelSets.precedes(["alertname": "A"], ["alertname": "B"]))
        #expect(LabelSets.precedes(["alertname": "A"], ["alertname": "A", "target": "x"]))
        #expect(!LabelSets.precedes(["alertname": "A", "target": "x"], ["alertname": "A"]))
        #expect(LabelSets.precedes(["alertname": "A", "severity": "z"], ["alertname": "A", "target": "a"]))
    }

    @Test func commonKeepsOnlySharedPairs() {
        let sets = [
            ["alertname": "X", "target": "a", "severity": "warning"], ["alertname": "X", "target": "b"],
        ]
        #expect(LabelSets.common(sets) == ["alertname": "X"])
        #expect(LabelSets.common([]) == [:])
    }
}
