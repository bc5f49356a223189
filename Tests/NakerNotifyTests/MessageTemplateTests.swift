import Foundation
import NakerCore
import NakerTestSupport
import Testing

@testable import NakerNotify

struct MessageTemplateTests {
    static let templateDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Config/templates").path

    static let templateFiles = [
        "generic.mustache", "generic.en.mustache", "telegram.mustache", "telegram.en.mustache",
        "slack.mustache", "slack.en.mustache",
    ]

    /// 7.850 of 10.000 entrepreneurs where 10.000 were due: capaian 78,5 %, 2.150 behind.
    static let wub = MessageAlert(
        alertname: "WUBBehindPlan", severity: "warning",
        summary: "Capaian WUB 78,5 % dari target, tertinggal 2.150 orang",
        details: "Catatan \"penting\":\nbaris kedua\\ dengan \t tab, \u{2028} dan \u{01}",
        target: "wub_2019_2024", targetDescription: "10.000 wirausaha baru, RPJMD 2019–2024",
        value: 7_850, goal: 10_000, progress: 0.785, startsAt: 1_714_550_400,
        labels: ["area": "Tabalong"])

    static let unemployment = MessageAlert(
        status: .resolved, alertname: "TPTAboveGoal", severity: "info", summary: "TPT kembali <= 4 %",
        target: "tpt_2024", value: 0.0446, goal: 0.04, progress: 0.9, isRatio: true, direction: .atMost,
        startsAt: 1_714_550_400, endsAt: 1_714_636_800)

    static let context = MessageContext(
        receiver: "leadership", chatID: "-1001234567890", alerts: [wub, unemployment],
        timeZone: TimeZone(identifier: "Asia/Makassar")!)

    @Test(arguments: templateFiles)
    func bundledTemplatesRenderValidJSON(_ file: String) throws {
        let template = try MessageTemplate(contentsOfFile: Self.templateDirectory + "/" + file)
        #expect(template.isJSON)
        #expect(template.contentType == "application/json")
        let body = try template.render(Self.context)
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let parsed = try #require(object)
        let text = "\(parsed)"
        #expect(text.contains("WUBBehindPlan"))
        if file.hasPrefix("telegram") {
            #expect(parsed["chat_id"] as? String == "-1001234567890")
            #expect(parsed["parse_mode"] == nil)
        }
    }

    @Test func telegramIndonesianMessage() throws {
        let template = try MessageTemplate(contentsOfFile: Self.templateDirectory + "/telegram.mustache")
        let body = try template.render(Self.context)
        let parsed = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let text = try #require(parsed?["text"] as? String)
        #expect(text.hasPrefix("🔴 PERINGATAN — 1 aktif, 1 pulih\n\n🔴 WUBBehindPlan (warning)\n"))
        #expect(text.contains("\nCapaian WUB 78,5 % dari target, tertinggal 2.150 orang\n"))
        #expect(text.contains("\nTarget: 10.000 wirausaha baru, RPJMD 2019–2024\n"))
        #expect(text.contains("\nCapaian 78,5 % dari target, tertinggal 2.150 orang\n"))
        #expect(text.contains("\nNilai 7.850 dari target 10.000\n"))
        // The description's quotes, newline, backslash and tab survive the JSON round trip.
        #expect(text.contains("Catatan \"penting\":\nbaris kedua\\ dengan \t tab, \u{2028} dan \u{01}"))
        #expect(text.contains("\nSejak 01-05-2024 16.00"))
        #expect(text.hasSuffix("\n\n✅ TPTAboveGoal pulih pada 02-05-2024 16.00\nTPT kembali <= 4 %"))
    }

    @Test func telegramEnglishMessage() throws {
        let template = try MessageTemplate(contentsOfFile: Self.templateDirectory + "/telegram.en.mustache")
        let parsed = try JSONSerialization.jsonObject(with: Data(try template.render(Self.context).utf8))
        let text = try #require((parsed as? [String: Any])?["text"] as? String)
        #expect(text.hasPrefix("🔴 ALERT — 1 firing, 1 resolved"))
        #expect(text.contains("\nProgress 78,5 % of the goal, 2.150 people short\n"))
        #expect(text.contains("\nSince 2024-05-01T08:00:00Z"))
    }

    @Test func genericBodyCarriesRawAndFormattedNumbers() throws {
        let template = try MessageTemplate(contentsOfFile: Self.templateDirectory + "/generic.mustache")
        let parsed = try JSONSerialization.jsonObject(with: Data(try template.render(Self.context).utf8))
        let root = try #require(parsed as? [String: Any])
        #expect(root["status"] as? String == "firing")
        #expect(root["firing_count"] as? Int == 1)
        let alerts = try #require(root["alerts"] as? [[String: Any]])
        #expect(alerts.count == 2)
        #expect(alerts[0]["value"] as? Double == 7_850)
        #expect(alerts[0]["value_text"] as? String == "7.850")
        #expect(alerts[0]["progress_percent"] as? String == "78,5 %")
        #expect(alerts[0]["shortfall_text"] as? String == "2.150")
        #expect(alerts[0]["message"] as? String == "Capaian 78,5 % dari target, tertinggal 2.150 orang")
        #expect(alerts[1]["value_text"] as? String == "4,46 %")
        #expect(alerts[1]["goal_text"] as? String == "4,00 %")
        #expect(alerts[1]["shortfall_text"] as? String == "0,46 %")
        #expect(alerts[1]["endsAt"] as? String == "2024-05-02T08:00:00Z")
    }

    @Test func contextValues() {
        let values = Self.context.values
        #expect(values["status"] as? String == "firing")
        #expect(values["receiver"] as? String == "leadership")
        #expect(values["chat_id"] as? String == "-1001234567890")
        #expect(values["firing_count"] as? Int == 1)
        #expect(values["resolved_count"] as? Int == 1)
        let alert = (values["alerts"] as? [[String: Any]])?.first ?? [:]
        #expect(alert["startsAt"] as? String == "2024-05-01T08:00:00Z")
        #expect(alert["starts_at_text"] as? String == "01-05-2024 16.00")
        #expect(alert["goal_text"] as? String == "10.000")
        #expect(alert["behind"] as? Bool == true)
        let withVariables = MessageContext(
            receiver: "r", variables: ["chat_id": "@naker_tabalong", "region": "Tabalong", "receiver": "x"],
            alerts: [Self.wub]
        ).values
        #expect(withVariables["chat_id"] as? String == "@naker_tabalong")
        #expect(withVariables["region"] as? String == "Tabalong")
        #expect(withVariables["receiver"] as? String == "r")
        let resolvedOnly = MessageContext(receiver: "r", alerts: [Self.unemployment]).values
        #expect(resolvedOnly["status"] as? String == "resolved")
        #expect(resolvedOnly["chat_id"] == nil)
    }

    @Test func jsonEscapingKeepsEveryValueInsideItsString() throws {
        let template = try MessageTemplate(
            source: "{{% CONTENT_TYPE: JSON}}\n{\"s\": \"{{s}}\"}", name: "inline")
        let nasty =
            "a \"quoted\" word\nnew line\r\\ back\tslash </script> \u{0}\u{1F}\u{7F}\u{2028}\u{2029} é 🙂"
        let body = try template.render(["s": nasty])
        let parsed = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String]
        #expect(parsed?["s"] == nasty)
    }

    @Test func textTemplatesAreNotJSON() throws {
        let template = try MessageTemplate(source: "{{% CONTENT_TYPE: TEXT}}{{s}}", name: "plain.mustache")
        #expect(!template.isJSON)
        #expect(template.contentType == "text/plain; charset=utf-8")
        #expect(try template.render(["s": "a < b & \"c\""]) == "a < b & \"c\"")
    }

    @Test func renderedBodiesThatAreNotJSONAreRejected() throws {
        let template = try MessageTemplate(
            source: "{{% CONTENT_TYPE: JSON}}\n{\"s\": {{{s}}}}", name: "templates/broken.mustache")
        let error = #expect(throws: MessageTemplateError.self) { try template.render(["s": "not json"]) }
        #expect(error == .invalidJSON(template: "templates/broken.mustache"))
        #expect("\(error!)".contains("templates/broken.mustache"))
    }

    @Test func syntaxErrorsNameTheFileAndTheLine() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "bad.mustache", "{{% CONTENT_TYPE: JSON}}\n{\n  \"text\": \"{{#alerts}}{{summary}}\"\n}\n")
        let error = #expect(throws: MessageTemplateError.self) { try MessageTemplate(contentsOfFile: path) }
        let text = "\(error!)"
        #expect(text.contains(path))
        #expect(text.contains("never closed"))
        guard case .syntax(_, let line, _, _, _) = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(line >= 1)
    }

    @Test func mismatchedSectionAndUnknownPragma() {
        let mismatch = #expect(throws: MessageTemplateError.self) {
            try MessageTemplate(source: "line one\n{{#a}}x{{/b}}", name: "t.mustache")
        }
        #expect("\(mismatch!)".contains("line 2"))
        #expect("\(mismatch!)".contains("does not match"))
        let pragma = #expect(throws: MessageTemplateError.self) {
            try MessageTemplate(source: "{{% CONTENT_TYPE: YAML}}", name: "t.mustache")
        }
        #expect("\(pragma!)".contains("unknown pragma"))
    }

    @Test func missingFile() {
        let error = #expect(throws: MessageTemplateError.self) {
            try MessageTemplate(contentsOfFile: "/nonexistent/telegram.mustache")
        }
        #expect("\(error!)".contains("/nonexistent/telegram.mustache"))
        #expect("\(error!)".contains("template_file"))
    }

    /// The template fuzzer's finds (Fuzz/regressions/template): start and end times at the ends of
    /// Double's range render instead of trapping.
    @Test(arguments: [
        Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, Double(Int64.min), .nan, .infinity,
    ])
    func extremeAlertTimesRender(time: Double) throws {
        let alert = MessageAlert(status: .resolved, alertname: "X", startsAt: time, endsAt: time)
        let values = alert.values(in: TimeZone(identifier: "Asia/Makassar")!)
        #expect((values["startsAt"] as? String)?.isEmpty == false)
        #expect((values["ends_at_text"] as? String)?.isEmpty == false)
    }
}
