import Foundation
import Testing

@testable import NakerCore

struct StatusPageTests {
    typealias D = TestData
    static let zone = TimeZone(identifier: "Asia/Makassar")!

    static let wub = Target(
        name: "wub_2025_2029", description: "10.000 WUB <RPJMD>", indicator: .entrepreneurs, goal: 10_000,
        start: D.date("2025-01-01"), end: D.date("2029-12-31"))
    static let tpt = Target(
        name: "tpt_2024", indicator: .openUnemployment, area: "Tabalong", goal: 0.04, direction: .atMost,
        end: D.date("2024-12-31"))

    /// A report as the calculator would leave it, with hand-made histories.
    static func view(alerts: [StatusAlert] = [], areas: Int = 2) -> StatusView {
        var report = LabourMarketReport(date: D.date("2026-11-30"), region: "Tabalong")
        report.targets = [
            TargetEvaluation(
                target: wub, value: 3_958, expected: 3_828.3, progress: 0.3958, pace: 1.034, projected: 10_353
            ),
            TargetEvaluation(target: tpt, value: 0.0446, expected: 0.04, progress: 0.885),
        ]
        report.histories[wub.name] = TargetHistory(
            realised: [
                .init(date: D.date("2024-12-31"), value: 0), .init(date: D.date("2025-01-31"), value: 183),
                .init(date: D.date("2026-11-30"), value: 3_958),
            ],
            plan: [
                .init(date: D.date("2024-12-31"), value: 0), .init(date: D.date("2029-12-31"), value: 10_000),
            ],
            projection: [
                .init(date: D.date("2026-11-30"), value: 3_958),
                .init(date: D.date("2029-12-31"), value: 10_353),
            ],
            areas: (0..<areas).map { .init(area: "Kecamatan \($0)", count: 1_000 - $0) })
        report.histories[tpt.name] = TargetHistory(
            realised: [.init(date: D.date("2024-08-01"), value: 0.0446)],
            plan: [
                .init(date: D.date("2024-08-01"), value: 0.04),
                .init(date: D.date("2026-11-30"), value: 0.04),
            ])
        return StatusView(
            version: "1.2.3", now: 1_764_500_000, timeZone: zone, report: report, recalculations: 12_345,
            lastRecalculation: 1_764_460_800,
            sources: [
                SourceStatus(
                    name: "wub", up: true, rows: 25_475, rejectedRows: 2, lastSuccess: 1_764_460_800,
                    newestRecord: D.date("2026-11-30")),
                SourceStatus(name: "ak1", up: false, rows: nil, rejectedRows: nil),
            ], alerts: alerts)
    }

    @Test func aTargetCardSaysHowItStandsInWordsShapeAndNumbers() {
        let html = StatusPage.render(Self.view(), language: .indonesian)
        #expect(html.hasPrefix("<!doctype html>\n<html lang=\"id\">"))
        #expect(
            html.contains("<article class=\"t on_track\" id=\"t-wub_2025_2029\"><h3>10.000 WUB &lt;RPJMD&gt;")
        )
        #expect(
            html.contains(
                "<p class=\"v\"><b>▲ sesuai rencana</b> · Capaian 39,6 %</p><div class=\"bar\"><span style=\"width:39.6%\"></span></div>"
            ))
        #expect(
            html.contains(
                "<span>Realisasi <b>3.958</b></span> · <span>Rencana saat ini 3.828</span> · <span>Target 10.000</span> · "
                    + "<span>Tenggat 31-12-2029</span> · <span>Proyeksi 10.353</span>"))
        #expect(html.contains("<article class=\"t not_met\" id=\"t-tpt_2024\">"))
        #expect(html.contains("<b>▼ belum tercapai</b> · Capaian 88,5 %"))
        #expect(html.contains("<span>Realisasi <b>4,46 %</b></span> · <span>Target 4,00 %</span>"))
        // The header: data date, newest record, when it was computed in the office's zone.
        #expect(
            html.contains(
                "Data per <b>30-11-2026</b> · catatan terbaru 30-11-2026 · dihitung 30-11-2025 08.00 (Asia/Makassar) · 12.345 perhitungan"
            ))
    }

    @Test func eachChartHasItsPlanRealisedAndProjectionAndTheirNumbersAsText() {
        let html = StatusPage.render(Self.view(), language: .indonesian)
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count == 3)
        #expect(html.components(separatedBy: "<path class=\"plan\"").count == 3)
        #expect(html.components(separatedBy: "<path class=\"real\"").count == 3)
        #expect(html.components(separatedBy: "<path class=\"proj\"").count == 2)
        // x runs 2024-12-31..2029-12-31 over 104..590; y 0..11.181 (10.353 × 1,08) over 168..12.
        #expect(html.contains("<path class=\"plan\" d=\"M104 168L590 28\"/>"))
        #expect(
            html.contains(
                "<p class=\"sr\">realisasi: Jan 2025 183; Nov 2026 3.958. rencana: 31-12-2024 0; 31-12-2029 10.000. proyeksi 31-12-2029: 10.353.</p>"
            ))
        // A survey period is marked with a dot as well as joined.
        #expect(html.contains("<circle class=\"pt\""))
    }

    @Test func theBreakdownListsTheFirstAreasAndSumsTheRest() {
        let html = StatusPage.render(Self.view(areas: 10), language: .indonesian)
        #expect(
            html.contains(
                "<caption>Per kecamatan</caption><tr><th>Kecamatan 0</th><td><span style=\"width:100.0%\"></span></td><td>1.000</td></tr>"
            ))
        #expect(html.contains("<tr class=\"x\"><th>Kecamatan 7</th>"))
        #expect(!html.contains("Kecamatan 8<"))
        #expect(html.contains("<tr class=\"x\"><th>2 kecamatan lain</th><td></td><td>1.983</td></tr>"))
    }

    @Test func alertsFiringFirstWithSinceWhenAndTheirSummary() {
        let alerts = [
            StatusAlert(
                alertname: "WUBBehindPlan", state: .pending, severity: "warning", since: 1_764_460_800,
                summary: "Capaian <39 %>"),
            StatusAlert(
                alertname: "TPTAboveTarget", state: .firing, severity: "info", since: 1_764_464_400,
                summary: "TPT 4,46 %"),
        ]
        let html = StatusPage.render(Self.view(alerts: alerts), language: .indonesian)
        #expect(
            html.contains(
                "<ul><li class=\"firing\"><b>● TPTAboveTarget</b> (aktif, info) sejak 30-11-2025 09.00: TPT 4,46 %</li>"
                    + "<li class=\"pending\"><b>○ WUBBehindPlan</b> (menunggu, warning) sejak 30-11-2025 08.00: Capaian &lt;39 %&gt;</li></ul>"
            ))
        #expect(StatusPage.render(Self.view(), language: .indonesian).contains("Tidak ada peringatan aktif."))
    }

    @Test func sourcesShowStateLastLoadAndNewestRecord() {
        let html = StatusPage.render(Self.view(), language: .indonesian)
        #expect(
            html.contains(
                "<tr><td>wub</td><td class=\"up\">✓ OK</td><td>30-11-2025 08.00</td><td>30-11-2026</td><td class=\"num\">25.475</td><td class=\"num\">2</td></tr>"
            ))
        #expect(
            html.contains(
                "<tr><td>ak1</td><td class=\"down\">✗ gagal</td><td>–</td><td>–</td><td colspan=\"2\" class=\"missing\">belum pernah dimuat</td></tr>"
            ))
    }

    @Test func aTargetWithoutDataSaysSoAndShowsNoCapaian() {
        var view = Self.view()
        view.report?.targets = [TargetEvaluation(target: Self.wub, dataAvailable: false, expected: 3_828.3)]
        view.report?.histories = [
            Self.wub.name: TargetHistory(plan: [.init(date: D.date("2024-12-31"), value: 0)])
        ]
        let html = StatusPage.render(view, language: .indonesian)
        #expect(html.contains("<article class=\"t no_data\""))
        #expect(html.contains("<b>? data belum tersedia</b></p><p class=\"missing\">Data belum tersedia:"))
        #expect(!html.contains("class=\"bar\""), "no capaian bar without data")
        #expect(!html.contains("<path class=\"real\""))
        #expect(html.contains("Realisasi <b>–</b>"))
    }

    @Test func beforeTheFirstRecalculationThePageSaysSo() {
        var view = Self.view()
        view.report = nil
        let html = StatusPage.render(view, language: .indonesian)
        #expect(html.contains("Perhitungan pertama belum selesai"))
        #expect(!html.contains("<article"))
        #expect(html.contains("<td>wub</td>"), "sources are shown all the same")
    }

    @Test func receiverProblemsAreListedEscaped() {
        var view = Self.view()
        view.receiverProblems = ["leadership": "cannot read <file>"]
        let html = StatusPage.render(view, language: .indonesian)
        #expect(html.contains("<h2>Penerima notifikasi bermasalah</h2>"))
        #expect(html.contains("<tr><td>leadership</td><td class=\"down\">cannot read &lt;file&gt;</td></tr>"))
        #expect(!StatusPage.render(Self.view(), language: .indonesian).contains("bermasalah"))
    }

    @Test func theEnglishPageKeepsTheIndonesianNumbers() {
        let html = StatusPage.render(Self.view(), language: .english)
        #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en\">"))
        #expect(html.contains("<b>▲ on track</b> · Progress 39,6 %"))
        #expect(
            html.contains(
                "<span>Value <b>3.958</b></span> · <span>Plan now 3.828</span> · <span>Goal 10.000</span> · "
                    + "<span>Due 31-12-2029</span> · <span>Projection 10.353</span>"))
        #expect(html.contains("12.345 recalculations"))
        #expect(html.contains("<a href=\"?lang=id\" hreflang=\"id\">Bahasa Indonesia</a>"))
        #expect(!html.contains("Realisasi"))
    }

    @Test func aCountPastItsDueDateIsMetOrNotNoLongerOnTrack() {
        var view = Self.view()
        var finished = Self.wub
        finished.end = D.date("2025-12-31")
        view.report?.targets = [
            TargetEvaluation(target: finished, value: 3_958, expected: 10_000, progress: 0.3958, pace: 0.3958)
        ]
        #expect(
            StatusPage.render(view, language: .indonesian).contains(
                "<b>▼ belum tercapai</b> · Capaian 39,6 %"))
        view.report?.targets[0].progress = 1.02
        view.report?.targets[0].pace = 1.02
        #expect(StatusPage.render(view, language: .english).contains("<b>▲ met</b> · Progress 102,0 %"))
        view.recalculations = 1
        #expect(StatusPage.render(view, language: .english).contains("1 recalculation ·"))
    }

    @Test func thePrintStylesheetAsksForOneA4Sheet() {
        #expect(StatusPage.style.contains("@media print{@page{size:A4 portrait;"))
    }
}

struct StatusLanguageTests {
    @Test func theQueryWinsThenAcceptLanguageByWeightThenIndonesian() {
        #expect(StatusLanguage.negotiate(query: "en", acceptLanguage: "id") == .english)
        #expect(StatusLanguage.negotiate(query: "id", acceptLanguage: "en-US") == .indonesian)
        #expect(StatusLanguage.negotiate(query: "fr", acceptLanguage: "en-GB,en;q=0.9") == .english)
        #expect(StatusLanguage.negotiate(query: nil, acceptLanguage: "en-US,en;q=0.9") == .english)
        #expect(StatusLanguage.negotiate(query: nil, acceptLanguage: "fr, en;q=0.5, id;q=0.8") == .indonesian)
        #expect(StatusLanguage.negotiate(query: nil, acceptLanguage: "in") == .indonesian)
        #expect(StatusLanguage.negotiate(query: nil, acceptLanguage: "en;q=0") == .indonesian)
        #expect(StatusLanguage.negotiate(query: nil, acceptLanguage: "de") == .indonesian)
        #expect(StatusLanguage.negotiate(query: nil, acceptLanguage: nil) == .indonesian)
    }
}
