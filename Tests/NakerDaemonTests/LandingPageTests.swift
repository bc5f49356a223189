import NakerCore
import Testing

@testable import NakerDaemon

struct LandingPageTests {
    @Test func showsCapaianTheIndonesianWayAndEscapes() {
        var report = LabourMarketReport(date: LocalDate(iso: "2022-12-31")!, region: "Tabalong")
        let target = Target(
            name: "wub_2019_2024", description: "10.000 WUB <RPJMD>", indicator: .entrepreneurs, goal: 10_000,
            start: LocalDate(iso: "2019-01-01"), end: LocalDate(iso: "2024-12-31"))
        report.targets = [
            TargetEvaluation(target: target, value: 21_816, expected: 6665.1, progress: 2.1816, pace: 3.27)
        ]
        let tpt = Target(
            name: "tpt", indicator: .openUnemployment, area: "Tabalong", goal: 0.04, direction: .atMost)
        report.targets.append(TargetEvaluation(target: tpt, value: 0.0446, expected: 0.04, progress: 0.885))
        let snapshot = MetricsSnapshot(
            report: report, sources: [SourceStatus(name: "wub", up: false, rows: 25_475, rejectedRows: 2)],
            families: [])
        let html = LandingPage.render(snapshot: snapshot, status: RecalculationStatus(), version: "0.1.0")
        #expect(html.contains("10.000 WUB &lt;RPJMD&gt;"))
        #expect(html.contains("<td class=\"n\">21.816</td>"))
        #expect(html.contains("218,2 %"))
        #expect(html.contains("<td class=\"n\">4,46 %</td>"))
        #expect(html.contains("class=\"n lag\">88,5 %<br><small>belum tercapai · not met</small>"))
        #expect(html.contains("218,2 %<br><small>sesuai rencana · on track</small>"))
        #expect(html.contains("25.475"))
        #expect(html.contains("gagal"))
        #expect(html.contains("href=\"/metrics\""))
    }

    @Test func aCountTargetAheadOfItsPlanIsOnTrackThoughFarFromItsGoal() {
        var report = LabourMarketReport(date: LocalDate(iso: "2026-11-30")!, region: "Tabalong")
        let target = Target(
            name: "wub_2025_2029", indicator: .entrepreneurs, goal: 10_000,
            start: LocalDate(iso: "2025-01-01"),
            end: LocalDate(iso: "2029-12-31"))
        let behind = Target(
            name: "blk", indicator: .trainees, goal: 2_500, start: LocalDate(iso: "2025-01-01"),
            end: LocalDate(iso: "2029-12-31"))
        report.targets = [
            TargetEvaluation(target: target, value: 3_958, expected: 3_828, progress: 0.3958, pace: 1.034),
            TargetEvaluation(target: behind, value: 736, expected: 899, progress: 0.2944, pace: 0.8185),
        ]
        let snapshot = MetricsSnapshot(report: report, sources: [], families: [])
        let html = LandingPage.render(snapshot: snapshot, status: RecalculationStatus(), version: "0.1.0")
        #expect(html.contains("class=\"n ok\">39,6 %<br><small>sesuai rencana · on track</small>"))
        #expect(
            html.contains("class=\"n lag\">29,4 %<br><small>tertinggal dari rencana · behind plan</small>"))
    }

    @Test func aSourceThatNeverLoadedShowsNoRowCounts() {
        let snapshot = MetricsSnapshot(
            report: LabourMarketReport(date: LocalDate(iso: "2022-12-31")!, region: "Tabalong"),
            sources: [SourceStatus(name: "ak1", up: false, rows: nil, rejectedRows: nil)], families: [])
        let html = LandingPage.render(snapshot: snapshot, status: RecalculationStatus(), version: "0.1.0")
        #expect(html.contains("belum pernah dimuat <small>never loaded</small>"))
    }

    @Test func saysSoBeforeTheFirstRecalculation() {
        let html = LandingPage.render(snapshot: nil, status: RecalculationStatus(), version: "0.1.0")
        #expect(html.contains("Perhitungan pertama belum selesai"))
    }

    @Test func saysWhenATargetsDataIsMissingInsteadOfShowingANumber() {
        var report = LabourMarketReport(date: LocalDate(iso: "2022-12-31")!, region: "Tabalong")
        let target = Target(
            name: "pencari_kerja_aktif", description: "Pencari kerja aktif", indicator: .jobSeekersActive,
            goal: 2_000, direction: .atMost)
        report.targets = [TargetEvaluation(target: target, dataAvailable: false, expected: 2_000)]
        let snapshot = MetricsSnapshot(
            report: report, sources: [SourceStatus(name: "ak1", up: false, rows: 0, rejectedRows: 0)],
            families: [])
        let html = LandingPage.render(snapshot: snapshot, status: RecalculationStatus(), version: "0.1.0")
        #expect(html.contains("data belum tersedia <small>data not available</small>"))
        #expect(!html.contains("200,0 %"), "no capaian without data")
        #expect(html.contains("<td class=\"n missing\">–</td>"), "no capaian without data")
    }

    @Test func showsAReceiverThatCannotBeReached() {
        var notifications = NotificationStatus()
        _ = notifications.setProblem(
            "cannot read the url from the file credentials/leadership_url", for: "leadership")
        let html = LandingPage.render(
            snapshot: nil, status: RecalculationStatus(), notifications: notifications, version: "0.1.0")
        #expect(!html.contains("Receiver problems"), "shown once there is a snapshot")
        let snapshot = MetricsSnapshot(
            report: LabourMarketReport(date: LocalDate(iso: "2022-12-31")!, region: "Tabalong"), sources: [],
            families: [])
        let page = LandingPage.render(
            snapshot: snapshot, status: RecalculationStatus(), notifications: notifications, version: "0.1.0")
        #expect(page.contains("Penerima notifikasi bermasalah <small>Receiver problems</small>"))
        #expect(
            page.contains(
                "<td>leadership</td><td class=\"lag\">cannot read the url from the file credentials/leadership_url</td>"
            ))
        #expect(
            !LandingPage.render(snapshot: snapshot, status: RecalculationStatus(), version: "0.1.0").contains(
                "Receiver problems"))
    }
}
