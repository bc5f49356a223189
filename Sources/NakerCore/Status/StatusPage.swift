/// The status page at `/` (docs/http.md): for each target a capaian bar, a chart and its numbers
/// as text, the kecamatan breakdown of counts; then alerts, sources and receiver problems. One
/// self-contained HTML document, no script, one A4 sheet when printed.
public enum StatusPage {
    /// Areas listed per target on screen; the rest are summed in one line (and in print, fewer).
    public static let listedAreas = 8
    static let printedAreas = 3

    public static func render(_ view: StatusView, language: StatusLanguage) -> String {
        let words = language.words
        let region = view.report?.region ?? ""
        var html = "<!doctype html>\n<html lang=\"\(language.rawValue)\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        html +=
            "<title>\(words.title) \(escape(region)) · naker-exporter</title><style>\(style)</style></head><body>\n"
        html += "<header><h1>\(words.title) \(escape(region))</h1><p class=\"meta\">"
        if let report = view.report {
            html += "\(words.dataAsOf) <b>\(day(report.date))</b> · "
        }
        if let newest = view.newestRecord { html += "\(words.newestRecord) \(day(newest)) · " }
        html += "\(words.computedAt) \(TimeText.local(view.lastRecalculation ?? view.now, in: view.timeZone))"
        html +=
            " (\(escape(view.timeZone.identifier))) · \(IndonesianNumber.format(Double(view.recalculations)))"
        html +=
            " \(view.recalculations == 1 ? words.recalculation : words.recalculations) · naker-exporter \(escape(view.version))</p>"
        let other: StatusLanguage = language == .indonesian ? .english : .indonesian
        html +=
            "<nav><a href=\"?lang=\(other.rawValue)\" hreflang=\"\(other.rawValue)\">\(words.otherLanguage)</a>"
        html += " · <a href=\"\(escape(view.telemetryPath))\">\(escape(view.telemetryPath))</a>"
        html += " · <a href=\"/api/v1/status\">/api/v1/status</a></nav></header>\n"
        guard let report = view.report else {
            html += "<p class=\"missing\">\(words.notYet)</p>\n"
            if !view.sources.isEmpty { html += sourcesSection(view, words) }
            return html + "</body></html>\n"
        }
        html += alertsSection(view, words)
        html += "<section><h2>\(words.targets)</h2><div class=\"grid\">\n"
        for evaluation in report.targets {
            html += targetCard(
                evaluation, history: report.histories[evaluation.target.name] ?? TargetHistory(),
                today: report.date, words: words)
        }
        html += "</div></section>\n"
        html += sourcesSection(view, words)
        html += receiversSection(view, words)
        return html + "</body></html>\n"
    }

    static func targetCard(
        _ evaluation: TargetEvaluation, history: TargetHistory, today: LocalDate, words: StatusWords
    ) -> String {
        let target = evaluation.target
        let ratio = target.indicator.isRatio
        func amount(_ value: Double?) -> String {
            guard let value else { return "–" }
            return ratio ? IndonesianNumber.percent(value) : IndonesianNumber.format(value)
        }
        let verdict = TargetVerdict(evaluation, on: today)
        let shape: String
        switch verdict {
        case .onTrack, .met: shape = "▲"
        case .behind, .notMet: shape = "▼"
        case .noData: shape = "?"
        }
        let title = target.description.isEmpty ? target.name : target.description
        var html = "<article class=\"t \(verdict.rawValue)\" id=\"t-\(target.name)\">"
        html += "<h3>\(escape(title)) <small>\(escape(target.name))</small></h3>"
        html += "<p class=\"v\"><b>\(shape) \(words.verdicts[verdict] ?? "")</b>"
        if let progress = evaluation.progress, verdict != .noData {
            let width = min(100, max(0, progress * 100))
            html += " · \(words.capaian) \(IndonesianNumber.percent(progress, decimals: 1))</p>"
            html += "<div class=\"bar\"><span style=\"width:\(cssNumber(width))%\"></span></div>"
        } else {
            html += "</p><p class=\"missing\">\(words.noData)</p>"
        }
        // Each figure with its label stays on one line; the line breaks between figures.
        var figures = ["\(words.value) <b>\(amount(evaluation.value))</b>"]
        if target.indicator.family == .count {
            figures.append("\(words.plan) \(amount(evaluation.expected))")
        }
        figures.append("\(words.goal) \(amount(target.goal))")
        if let end = target.end {
            figures.append("\(words.due) \(day(end))")
            if let projected = evaluation.projected, today < end {
                figures.append("\(words.projection) \(amount(projected))")
            }
        }
        html += "<p class=\"n\">" + figures.map { "<span>\($0)</span>" }.joined(separator: " · ") + "</p>"
        html += StatusChart.svg(history, target: target, today: today, words: words, ratio: ratio)
        html += "<p class=\"k\"><i class=\"real\"></i>\(words.realisedSeries) <i class=\"plan\"></i>"
        html += "\(words.planSeries)"
        if !history.projection.isEmpty { html += " <i class=\"proj\"></i>\(words.projectionSeries)" }
        html += "</p>"
        html += chartText(history, ratio: ratio, words: words)
        html += areaBars(history.areas, words: words)
        return html + "</article>\n"
    }

    /// The chart's numbers for screen readers (and for anyone who prefers to read them).
    static func chartText(_ history: TargetHistory, ratio: Bool, words: StatusWords) -> String {
        func amount(_ value: Double) -> String {
            ratio ? IndonesianNumber.percent(value) : IndonesianNumber.format(value)
        }
        let realised = history.realised.filter { $0.value != 0 || history.realised.count < 3 }
        var text = "<p class=\"sr\">\(words.realisedSeries): "
        text += realised.map { "\(month($0.date, words)) \(amount($0.value))" }.joined(separator: "; ")
        text += ". \(words.planSeries): "
        text += history.plan.map { "\(day($0.date)) \(amount($0.value))" }.joined(separator: "; ")
        if let end = history.projection.last {
            text += ". \(words.projectionSeries) \(day(end.date)): \(amount(end.value))"
        }
        return text + ".</p>"
    }

    static func areaBars(_ areas: [TargetHistory.AreaCount], words: StatusWords) -> String {
        guard let most = areas.first?.count, most > 0 else { return "" }
        var html = "<table class=\"areas\"><caption>\(words.byArea)</caption>"
        for (index, area) in areas.prefix(listedAreas).enumerated() {
            let name = area.area.isEmpty ? words.noArea : escape(area.area)
            let width = cssNumber(Double(area.count) / Double(most) * 100)
            html += "<tr\(index >= printedAreas ? " class=\"x\"" : "")><th>\(name)</th>"
            html += "<td><span style=\"width:\(width)%\"></span></td>"
            html += "<td>\(IndonesianNumber.format(Double(area.count)))</td></tr>"
        }
        if areas.count > listedAreas {
            let rest = areas.dropFirst(listedAreas)
            html +=
                "<tr class=\"x\"><th>\(IndonesianNumber.format(Double(rest.count))) \(words.otherAreas)</th><td></td>"
            html += "<td>\(IndonesianNumber.format(Double(rest.reduce(0) { $0 + $1.count })))</td></tr>"
        }
        return html + "</table>"
    }

    static func alertsSection(_ view: StatusView, _ words: StatusWords) -> String {
        var html = "<section class=\"alerts\"><h2>\(words.alerts)</h2>"
        guard !view.alerts.isEmpty else { return html + "<p>\(words.noAlerts)</p></section>\n" }
        html += "<ul>"
        let ordered = view.alerts.sorted {
            ($0.state == .firing ? 0 : 1, $0.since, $0.alertname) < (
                $1.state == .firing ? 0 : 1, $1.since, $1.alertname
            )
        }
        for alert in ordered {
            let state = alert.state == .firing ? words.firing : words.pending
            html += "<li class=\"\(alert.state.rawValue)\"><b>\(alert.state == .firing ? "●" : "○") "
            html += "\(escape(alert.alertname))</b> (\(state), \(escape(alert.severity))) \(words.since) "
            html += "\(TimeText.local(alert.since, in: view.timeZone)): \(escape(alert.summary))</li>"
        }
        return html + "</ul></section>\n"
    }

    static func sourcesSection(_ view: StatusView, _ words: StatusWords) -> String {
        var html = "<section class=\"sources\"><h2>\(words.sources)</h2><table><tr><th>\(words.source)</th>"
        html += "<th>\(words.state)</th><th>\(words.lastLoad)</th><th>\(words.newestRecordColumn)</th>"
        html += "<th>\(words.rows)</th><th>\(words.rejected)</th></tr>\n"
        for source in view.sources {
            let state =
                source.up ? "<td class=\"up\">✓ \(words.up)</td>" : "<td class=\"down\">✗ \(words.down)</td>"
            html += "<tr><td>\(escape(source.name))</td>\(state)"
            html += "<td>\(source.lastSuccess.map { TimeText.local($0, in: view.timeZone) } ?? "–")</td>"
            html += "<td>\(source.newestRecord.map(day) ?? "–")</td>"
            if let rows = source.rows, let rejected = source.rejectedRows {
                html += "<td class=\"num\">\(IndonesianNumber.format(Double(rows)))</td>"
                html += "<td class=\"num\">\(IndonesianNumber.format(Double(rejected)))</td></tr>\n"
            } else {
                html += "<td colspan=\"2\" class=\"missing\">\(words.neverLoaded)</td></tr>\n"
            }
        }
        return html + "</table></section>\n"
    }

    static func receiversSection(_ view: StatusView, _ words: StatusWords) -> String {
        guard !view.receiverProblems.isEmpty else { return "" }
        var html = "<section class=\"receivers\"><h2>\(words.receiverProblems)</h2>"
        html +=
            "<p>\(words.receiverProblemsNote)</p><table><tr><th>\(words.receiver)</th><th>\(words.problem)</th></tr>"
        for (receiver, problem) in view.receiverProblems.sorted(by: { $0.key < $1.key }) {
            html += "<tr><td>\(escape(receiver))</td><td class=\"down\">\(escape(problem))</td></tr>"
        }
        return html + "</table></section>\n"
    }

    /// A CSS length number with one decimal (`43.2`), whatever the page's language.
    static func cssNumber(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// `30-11-2026`.
    static func day(_ date: LocalDate) -> String { TimeText.day(date) }

    /// `Nov 2026`.
    static func month(_ date: LocalDate, _ words: StatusWords) -> String {
        let (year, month, _) = date.components
        return "\(words.months[month - 1]) \(year)"
    }

    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Screen: cards in a grid. Print: one A4 sheet, three cards a row, small type, the
    /// breakdown cut to its first rows and the links dropped.
    static let style = """
        body{font:15px/1.4 system-ui,sans-serif;margin:1.5em;color:#111}h1{font-size:1.5em;margin:0}\
        h2{font-size:1.15em;margin:1.2em 0 .4em}h3{font-size:1em;margin:0 0 .3em}small{color:#555;font-weight:normal}\
        .meta{margin:.2em 0;color:#333}nav a{color:#035}\
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(21em,1fr));gap:.8em}\
        .t{border:1px solid #bbb;border-left:6px solid #888;padding:.5em .7em;break-inside:avoid}\
        .t.behind,.t.not_met{border-left-color:#b00}.t.on_track,.t.met{border-left-color:#070}\
        .v{margin:0}.behind .v,.not_met .v{color:#a00}.on_track .v,.met .v{color:#060}.n{margin:.2em 0}\
        .bar{height:.6em;background:#ddd;border:1px solid #999}.bar span{display:block;height:100%;background:#333}\
        .chart{width:100%;height:auto;display:block}.chart path{fill:none}.ax{stroke:#777;stroke-width:1.5}\
        .plan{stroke:#444;stroke-width:3;stroke-dasharray:12 7}.real{stroke:#0a4a8a;stroke-width:5}\
        .proj{stroke:#0a4a8a;stroke-width:3;stroke-dasharray:3 6}.now{stroke:#aaa;stroke-width:2}\
        .pt{fill:#0a4a8a}.chart text{font-size:22px;fill:#333}.yl{text-anchor:end}.xl.e{text-anchor:end}\
        .n span{white-space:nowrap}.k{margin:0;font-size:.85em}.k i{display:inline-block;width:2em;margin:0 .3em 0 .6em;vertical-align:middle}\
        .k i.real{border-top:4px solid #0a4a8a}.k i.plan{border-top:3px dashed #444}.k i.proj{border-top:3px dotted #0a4a8a}\
        .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}\
        .areas{width:100%;font-size:.85em;border-collapse:collapse;margin-top:.3em}.areas caption{text-align:left}\
        .areas th{text-align:left;font-weight:normal;width:40%}.areas td:last-child{text-align:right;width:20%}\
        .areas span{display:block;height:.7em;background:#6a8fb5}\
        table{border-collapse:collapse}.sources td,.sources th,.receivers td,.receivers th{border:1px solid #ccc;\
        padding:.2em .5em;text-align:left}.num{text-align:right}.up{color:#060}.down{color:#a00}.missing{color:#840}\
        .alerts ul{margin:0;padding-left:1.2em}.alerts .firing{color:#900}\
        @media print{@page{size:A4 portrait;margin:8mm}body{font-size:7pt;margin:0}nav{display:none}\
        h1{font-size:12pt}h2{font-size:8.5pt;margin:.4em 0 .15em}h3{font-size:7.5pt;margin:0}\
        .grid{grid-template-columns:repeat(3,1fr);gap:1.5mm}.t{padding:.8mm 1.5mm}.areas tr.x{display:none}\
        .bar{height:1.6mm}.k{display:none}.chart{max-height:24mm}.areas{margin:0}}
        """
}
