/// A target's chart as inline SVG, drawn by the exporter (no script, no file from elsewhere):
/// realised solid, plan dashed, projection dotted, so the lines differ by shape as well as colour.
enum StatusChart {
    static let width = 600
    static let height = 200
    static let left = 104.0
    static let right = 590.0
    static let top = 12.0
    static let bottom = 168.0

    static func svg(
        _ history: TargetHistory, target: Target, today: LocalDate, words: StatusWords, ratio: Bool
    ) -> String {
        let series = history.realised + history.plan + history.projection
        let days = series.map(\.date.dayNumber) + [today.dayNumber]
        let first = Double(days.min() ?? today.dayNumber)
        let last = max(Double(days.max() ?? today.dayNumber), first + 1)
        let highest = max(series.map(\.value).max() ?? 0, target.goal)
        let ceiling = highest > 0 ? highest * 1.08 : 1
        func x(_ date: LocalDate) -> Int {
            Int((left + (Double(date.dayNumber) - first) / (last - first) * (right - left)).rounded())
        }
        func y(_ value: Double) -> Int {
            Int((bottom - max(0, value) / ceiling * (bottom - top)).rounded())
        }
        func path(_ points: [TargetHistory.Point], _ kind: String) -> String {
            guard !points.isEmpty else { return "" }
            var d = ""
            for (index, point) in points.enumerated() {
                d += (index == 0 ? "M" : "L") + "\(x(point.date)) \(y(point.value))"
            }
            if points.count == 1 { d += "h1" }
            return "<path class=\"\(kind)\" d=\"\(d)\"/>"
        }
        func amount(_ value: Double) -> String {
            ratio ? IndonesianNumber.percent(value, decimals: 2) : IndonesianNumber.format(value)
        }
        let titleID = "c-\(target.name)"
        var svg =
            "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(titleID)\">"
        svg += "<title id=\"\(titleID)\">\(words.chartLabel): \(StatusPage.escape(target.name))</title>"
        svg += "<path class=\"ax\" d=\"M\(Int(left)) \(Int(top))V\(Int(bottom))H\(Int(right))\"/>"
        svg += "<text class=\"yl\" x=\"\(Int(left) - 6)\" y=\"\(Int(bottom))\">0</text>"
        svg +=
            "<text class=\"yl\" x=\"\(Int(left) - 6)\" y=\"\(y(target.goal) + 5)\">\(amount(target.goal))</text>"
        // The top of the data too, when it stands well clear of the goal.
        if highest > target.goal * 1.25 {
            svg +=
                "<text class=\"yl\" x=\"\(Int(left) - 6)\" y=\"\(y(highest) + 5)\">\(amount(highest))</text>"
        }
        let firstDate = LocalDate(dayNumber: Int32(first))
        let lastDate = LocalDate(dayNumber: Int32(last))
        svg += "<text class=\"xl\" x=\"\(Int(left))\" y=\"190\">\(StatusPage.month(firstDate, words))</text>"
        svg +=
            "<text class=\"xl e\" x=\"\(Int(right))\" y=\"190\">\(StatusPage.month(lastDate, words))</text>"
        if today.dayNumber > Int32(first), today.dayNumber < Int32(last) {
            svg += "<path class=\"now\" d=\"M\(x(today)) \(Int(top))V\(Int(bottom))\"/>"
        }
        svg += path(history.plan, "plan")
        svg += path(history.projection, "proj")
        svg += path(history.realised, "real")
        // Survey periods are few and far apart: each one is marked, not only joined.
        if target.indicator.family == .level, history.realised.count <= 40 {
            for point in history.realised {
                svg += "<circle class=\"pt\" cx=\"\(x(point.date))\" cy=\"\(y(point.value))\" r=\"5\"/>"
            }
        }
        return svg + "</svg>"
    }
}
