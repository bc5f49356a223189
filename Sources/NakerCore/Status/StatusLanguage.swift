/// The status page's two languages: Bahasa Indonesia by default, English on request.
public enum StatusLanguage: String, Sendable, CaseIterable {
    case indonesian = "id"
    case english = "en"

    /// `?lang=` wins; else the first of `Accept-Language`'s tags (by weight) that is one of the
    /// two; else Indonesian.
    public static func negotiate(query: String?, acceptLanguage: String?) -> StatusLanguage {
        if let query, let language = named(query) { return language }
        var best: (language: StatusLanguage, weight: Double)?
        for item in (acceptLanguage ?? "").split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingSpaces() }
            guard let tag = parts.first, let language = named(tag) else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            if weight > 0, weight > (best?.weight ?? 0) { best = (language, weight) }
        }
        return best?.language ?? .indonesian
    }

    /// `id`, `in` (the old code), `en`, with or without a region (`en-GB`).
    static func named(_ tag: some StringProtocol) -> StatusLanguage? {
        let primary = tag.split(separator: "-").first.map { $0.lowercased() } ?? ""
        switch primary {
        case "id", "in": return .indonesian
        case "en": return .english
        default: return nil
        }
    }

    public var words: StatusWords { self == .indonesian ? .indonesian : .english }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

/// Every phrase of the status page, in one language.
public struct StatusWords: Sendable {
    var title: String
    var dataAsOf: String
    var computedAt: String
    var newestRecord: String
    var recalculation: String
    var recalculations: String
    var notYet: String
    var alerts: String
    var noAlerts: String
    var firing: String
    var pending: String
    var since: String
    var targets: String
    var value: String
    var plan: String
    var goal: String
    var projection: String
    var due: String
    var capaian: String
    var verdicts: [TargetVerdict: String]
    var noData: String
    var chartLabel: String
    var realisedSeries: String
    var planSeries: String
    var projectionSeries: String
    var today: String
    var byArea: String
    var noArea: String
    var otherAreas: String
    var sources: String
    var source: String
    var state: String
    var lastLoad: String
    var newestRecordColumn: String
    var rows: String
    var rejected: String
    var up: String
    var down: String
    var neverLoaded: String
    var receiverProblems: String
    var receiverProblemsNote: String
    var receiver: String
    var problem: String
    var otherLanguage: String
    /// Short month names, January first.
    var months: [String]

    static let indonesian = StatusWords(
        title: "Capaian target ketenagakerjaan", dataAsOf: "Data per", computedAt: "dihitung",
        newestRecord: "catatan terbaru", recalculation: "perhitungan", recalculations: "perhitungan",
        notYet: "Perhitungan pertama belum selesai; halaman ini terisi setelahnya.",
        alerts: "Peringatan", noAlerts: "Tidak ada peringatan aktif.", firing: "aktif", pending: "menunggu",
        since: "sejak", targets: "Target", value: "Realisasi", plan: "Rencana saat ini", goal: "Target",
        projection: "Proyeksi", due: "Tenggat", capaian: "Capaian",
        verdicts: [
            .onTrack: "sesuai rencana", .behind: "tertinggal dari rencana", .met: "tercapai",
            .notMet: "belum tercapai", .noData: "data belum tersedia",
        ],
        noData: "Data belum tersedia: belum ada sumber yang termuat atau periode survei untuk target ini.",
        chartLabel: "Grafik", realisedSeries: "realisasi", planSeries: "rencana",
        projectionSeries: "proyeksi",
        today: "hari ini", byArea: "Per kecamatan", noArea: "tanpa kecamatan", otherAreas: "kecamatan lain",
        sources: "Sumber data", source: "Sumber", state: "Status", lastLoad: "Terakhir dimuat",
        newestRecordColumn: "Catatan terbaru", rows: "Baris", rejected: "Ditolak", up: "OK", down: "gagal",
        neverLoaded: "belum pernah dimuat", receiverProblems: "Penerima notifikasi bermasalah",
        receiverProblemsNote: "Notifikasi tetap antre sampai masalah ini diperbaiki.", receiver: "Penerima",
        problem: "Masalah", otherLanguage: "English",
        months: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"])

    static let english = StatusWords(
        title: "Labour target progress", dataAsOf: "Data as of", computedAt: "computed",
        newestRecord: "newest record", recalculation: "recalculation", recalculations: "recalculations",
        notYet: "The first recalculation has not finished yet; this page fills in after it.",
        alerts: "Alerts", noAlerts: "No active alerts.", firing: "firing", pending: "pending", since: "since",
        targets: "Targets", value: "Value", plan: "Plan now", goal: "Goal", projection: "Projection",
        due: "Due", capaian: "Progress",
        verdicts: [
            .onTrack: "on track", .behind: "behind plan", .met: "met", .notMet: "not met",
            .noData: "data not available",
        ],
        noData: "Data not available: no source or survey period for this target has loaded yet.",
        chartLabel: "Chart", realisedSeries: "realised", planSeries: "plan", projectionSeries: "projection",
        today: "today", byArea: "By kecamatan (district)", noArea: "no kecamatan",
        otherAreas: "other kecamatan",
        sources: "Data sources", source: "Source", state: "State", lastLoad: "Last loaded",
        newestRecordColumn: "Newest record", rows: "Rows", rejected: "Rejected", up: "OK", down: "failed",
        neverLoaded: "never loaded", receiverProblems: "Receiver problems",
        receiverProblemsNote: "Notifications stay queued until this is fixed.", receiver: "Receiver",
        problem: "Problem", otherLanguage: "Bahasa Indonesia",
        months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
}
