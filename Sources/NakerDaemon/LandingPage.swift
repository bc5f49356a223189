import NakerCore

/// The status page for people at `/`: targets with their capaian, each source's state with its
/// accepted and rejected rows, receivers that cannot be reached. Bahasa Indonesia first, English
/// beneath.
public enum LandingPage {
    public static func render(
        snapshot: MetricsSnapshot?, status: RecalculationStatus, notifications: NotificationStatus = .init(),
        version: String, telemetryPath: String = "/metrics"
    ) -> String {
        var html = """
            <!doctype html>
            <html lang="id"><head><meta charset="utf-8"><title>naker-exporter</title>
            <style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}
            td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}td.n{text-align:right}
            .lag{color:#a00}.ok{color:#070}.missing{color:#a60}small{color:#666}</style></head><body>
            <h1>naker-exporter <small>\(escape(version))</small></h1>
            <p><a href="\(escape(telemetryPath))">\(escape(telemetryPath))</a> · <a href="/-/healthy">/-/healthy</a> · <a href="/-/ready">/-/ready</a></p>

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
            if let rows = source.rows, let rejected = source.rejectedRows {
                html += "<td class=\"n\">\(IndonesianNumber.format(Double(rows)))</td>"
                html += "<td class=\"n\">\(IndonesianNumber.format(Double(rejected)))</td></tr>\n"
            } else {
                html +=
                    "<td colspan=\"2\" class=\"missing\">belum pernah dimuat <small>never loaded</small></td></tr>\n"
            }
        }
        html += "</table>\n"
        let problems = notifications.receiverProblems.sorted { $0.key < $1.key }
        if !problems.isEmpty {
            html += """
                <h2>Penerima notifikasi bermasalah <small>Receiver problems</small></h2>
                <p>Notifikasi tetap antre sampai masalah ini diperbaiki. <small>Notifications stay queued until this is fixed.</small></p>
                <table><tr><th>Penerima <small>receiver</small></th><th>Masalah <small>problem</small></th></tr>

                """
            for (receiver, problem) in problems {
                html += "<tr><td>\(escape(receiver))</td><td class=\"lag\">\(escape(problem))</td></tr>\n"
            }
            html += "</table>\n"
        }
        return html + "</body></html>\n"
    }

    static func targetRow(_ evaluation: TargetEvaluation) -> String {
        let target = evaluation.target
        let ratio = target.indicator.isRatio
        func show(_ value: Double?) -> String {
            guard let value else { return "–" }
            return ratio ? IndonesianNumber.percent(value) : IndonesianNumber.format(value)
        }
        let title = target.description.isEmpty ? target.name : target.description
        let value: String
        let progress: String
        if evaluation.dataAvailable {
            value = "<td class=\"n\">\(show(evaluation.value))</td>"
            // A count target is judged against its plan today (pace), a level against its goal, and
            // the verdict is written out, so colour is not the only signal.
            let verdict: (lagging: Bool, words: String)
            if target.indicator.family == .count {
                let behind = (evaluation.pace ?? 1) < 1
                verdict = (
                    behind, behind ? "tertinggal dari rencana · behind plan" : "sesuai rencana · on track"
                )
            } else {
                let short = (evaluation.progress ?? 1) < 1
                verdict = (short, short ? "belum tercapai · not met" : "tercapai · met")
            }
            let text = evaluation.progress.map { IndonesianNumber.percent($0, decimals: 1) } ?? "–"
            progress =
                "<td class=\"n \(verdict.lagging ? "lag" : "ok")\">\(text)<br><small>\(verdict.words)</small></td>"
        } else {
            // No data is not zero: say so rather than show a value or a capaian.
            value = "<td class=\"missing\">data belum tersedia <small>data not available</small></td>"
            progress = "<td class=\"n missing\">–</td>"
        }
        return "<tr><td>\(escape(title))<br><small>\(escape(target.name))</small></td>"
            + value + "<td class=\"n\">\(show(target.goal))</td>"
            + progress + "<td class=\"n\">\(show(evaluation.expected))</td>"
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
