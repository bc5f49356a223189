import Testing

@testable import NakerCore

struct StatusDocumentTests {
    typealias D = TestData

    @Test func theDocumentCarriesThePagesFiguresAndLeavesOutWhatCannotBeComputed() throws {
        var view = StatusPageTests.view(
            alerts: [
                StatusAlert(
                    alertname: "TPTAboveTarget", state: .firing, severity: "info", since: 1_764_464_400,
                    summary: "TPT 4,46 %", target: "tpt_2024")
            ], areas: 1)
        let noData = Target(
            name: "aktif", indicator: .jobSeekersActive, goal: 2_000, direction: .atMost)
        view.report?.targets.append(TargetEvaluation(target: noData, dataAvailable: false, expected: 2_000))
        view.receiverProblems = ["leadership": "cannot read the url"]
        let json = String(decoding: try StatusDocument(view).json(), as: UTF8.self)
        let expected =
            #"{"alerts":[{"alertname":"TPTAboveTarget","#
            + #""severity":"info","since":"2025-11-30T09:00:00+08:00","state":"firing","summary":"TPT 4,46 %","target":"tpt_2024"}],"#
            + #""data_date":"2026-11-30","generated_at":"2025-11-30T18:53:20+08:00","last_recalculation":"2025-11-30T08:00:00+08:00","#
            + #""newest_record":"2026-11-30","ready":true,"receiver_problems":[{"problem":"cannot read the url","receiver":"leadership"}],"#
            + #""region":"Tabalong","sources":[{"last_success":"2025-11-30T08:00:00+08:00","name":"wub","newest_record":"2026-11-30","#
            + #""rejected_rows":2,"rows":25475,"up":true},{"name":"ak1","up":false}],"#
            + #""targets":[{"areas":[{"area":"Kecamatan 0","count":1000}],"data_available":true,"description":"10.000 WUB <RPJMD>","#
            + #""direction":"at_least","end":"2029-12-31","expected":3828.3,"filters":{},"goal":10000,"#
            + #""history":{"plan":[{"date":"2024-12-31","value":0},{"date":"2029-12-31","value":10000}],"#
            + #""projection":[{"date":"2026-11-30","value":3958},{"date":"2029-12-31","value":10353}],"#
            + #""realised":[{"date":"2024-12-31","value":0},{"date":"2025-01-31","value":183},{"date":"2026-11-30","value":3958}]},"#
            + #""indicator":"entrepreneurs","name":"wub_2025_2029","pace":1.034,"progress":0.3958,"projected":10353,"#
            + #""start":"2025-01-01","status":"on_track","unit":"count","value":3958},"#
            + #"{"area":"Tabalong","areas":[],"data_available":true,"description":"","direction":"at_most","end":"2024-12-31","#
            + #""expected":0.04,"filters":{},"goal":0.04,"history":{"plan":[{"date":"2024-08-01","value":0.04},{"date":"2026-11-30","value":0.04}],"#
            + #""projection":[],"realised":[{"date":"2024-08-01","value":0.0446}]},"indicator":"open_unemployment","name":"tpt_2024","#
            + #""progress":0.885,"status":"not_met","unit":"ratio","value":0.0446},"#
            + #"{"areas":[],"data_available":false,"description":"","direction":"at_most","expected":2000,"filters":{},"goal":2000,"#
            + #""history":{"plan":[],"projection":[],"realised":[]},"indicator":"job_seekers_active","name":"aktif","#
            + #""status":"no_data","unit":"count"}],"version":"1.2.3"}"#
        #expect(json == expected)
    }

    @Test func beforeTheFirstRecalculationItIsNotReadyAndHasNoTargets() throws {
        var view = StatusPageTests.view()
        view.report = nil
        view.sources = []
        let json = String(decoding: try StatusDocument(view).json(), as: UTF8.self)
        #expect(
            json
                == #"{"alerts":[],"generated_at":"2025-11-30T18:53:20+08:00","last_recalculation":"2025-11-30T08:00:00+08:00","#
                + #""ready":false,"receiver_problems":[],"sources":[],"targets":[],"version":"1.2.3"}"#)
    }
}

struct TimeTextTests {
    @Test func rfc3339CarriesTheZonesOffset() {
        #expect(TimeText.rfc3339(0) == "1970-01-01T00:00:00Z")
        #expect(TimeText.rfc3339(1_764_460_800, in: StatusPageTests.zone) == "2025-11-30T08:00:00+08:00")
        #expect(
            TimeText.rfc3339(1_764_460_800, in: .init(secondsFromGMT: -(3 * 3600 + 1800))!)
                == "2025-11-29T20:30:00-03:30")
        #expect(TimeText.local(1_764_460_800, in: StatusPageTests.zone) == "30-11-2025 08.00")
    }
}
