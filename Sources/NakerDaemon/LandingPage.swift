import NakerCore

/// The status page for people at `/`: targets with their capaian, sources with their freshness.
/// Bahasa Indonesia first, English beneath.
public enum LandingPage {
    public static func render(snapshot: MetricsSnapshot?, status: RecalculationStatus, version: String)
        -> String
    {
        var html = """
            <!doctype html>
            <html lang="id"><head><meta charset="utf-8"><title>naker-exporter</title>
            <style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}
            td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}td.n{text-align:right}
            .lag{color:#a00}.ok{color:#070}small{color:#666}</style></head><body>
            <h1>naker-exporter <small>\(escape(version))</small></h1>
            <p><a href="/metrics">/metrics</a> · <a href="/-/healthy">/-/healthy</a> · <a href="/-/ready">/-/ready</a></p>

            """
        guard let snapshot else {
            html +=
                "<p>Perhitungan pertama belum selesai. <small>The first recalculation has not finished yet.</small></p>"
            return html + "</body></html>\n"
        }
        html +=
            "<p>Data per \(snapshot.report.date) · \(status.recalculations) perhitungan <small>(recalculations)</small></p>\n"
        html += """
            <h2>Capaian target <small>Target progress</small></h2>
            <table><tr><th>Target</th><th>Realisasi <small>value</small></th><th>Target <small>goal</small></th>
            <th>Capaian <small>progress</small></th><th>Rencana saat ini <small>plan now</small></th><th>Tenggat <small>due</small></th></tr>

            """
        for evaluation in snapshot.report.targets {
            html += targetRow(evaluation)
        }
        html += """
            </table>
            <h2>Sumber data <small>Sources</small></h2>
            <table><tr><th>Sumber <small>source</small></th><th>Status</th><th>Baris <small>rows</small></th>
            <th>Ditolak <small>rejected</small></th></tr>

            """
        for source in snapshot.sources {
            let state =
                source.up
                ? "<span class=\"ok\">OK</span>" : "<span class=\"lag\">gagal <small>failed</small></span>"
            html += "<tr><td>\(escape(source.name))</td><td>\(state)</td>"
            html += "<td class=\"n\">\(IndonesianNumber.format(Double(source.rows)))</td>"
            html += "<td class=\"n\">\(IndonesianNumber.format(Double(source.rejectedRows)))</td></tr>\n"
        }
        return html + "</table></body></html>\n"
    }

    static func targetRow(_ evaluation: TargetEvaluation) -> String {
        let target = evaluation.target
        let ratio = target.indicator.isRatio
        func show(_ value: Double?) -> String {
            guard let value else { return "–" }
            return ratio ? IndonesianNumber.percent(value) : IndonesianNumber.format(value)
        }
        let progress = evaluation.progress.map { IndonesianNumber.percent($0, decimals: 1) } ?? "–"
        let lagging = (evaluation.progress ?? 1) < 1
        let title = target.description.isEmpty ? target.name : target.description
        return "<tr><td>\(escape(title))<br><small>\(escape(target.name))</small></td>"
            + "<td class=\"n\">\(show(evaluation.value))</td><td class=\"n\">\(show(target.goal))</td>"
            + "<td class=\"n \(lagging ? "lag" : "ok")\">\(progress)</td><td class=\"n\">\(show(evaluation.expected))</td>"
            + "<td>\(target.end.map { "\($0)" } ?? "–")</td></tr>\n"
    }

    static func escape(_ text: String) -> String {
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
}
