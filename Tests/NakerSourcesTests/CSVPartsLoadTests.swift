import Foundation
import NakerConfig
import NakerCore
import NakerTestSupport
import Testing

@testable import NakerSources

/// A file read in parts on several threads must load exactly as when read in one piece: the
/// same counts, the same accepted rows, and the same rejections at the same lines in the same
/// order, whatever the cuts hit (a quoted line break, an id seen in an earlier part).
@Suite struct CSVPartsLoadTests {
    /// Registry rows with ids repeating near and far, bad rows of every kind, quoted fields
    /// with line breaks, and blank lines.
    private func rows(_ count: Int, kind: DatasetKind, using generator: inout SplitMix64) -> [String] {
        let areas = [
            "Tanta", "Kelua", "\"Murung, Pudak\"", "\"Tanjung\nHulu\"", " Haruai ", "\"Banua\r\nLawas\"",
        ]
        return (0..<count).map { number in
            let id: String
            switch Int.random(in: 0..<100, using: &generator) {
            case 0..<3: id = "K\(Int.random(in: 0..<max(1, number), using: &generator))"  // anywhere earlier
            case 3..<6: id = "K\(number - 1)"
            default: id = "K\(number)"
            }
            let day = String(format: "%02d", Int.random(in: 1...28, using: &generator))
            let area = areas.randomElement(using: &generator)!
            let placed = kind == .jobSeekers ? "2024-06-\(day)" : "bengkel"
            switch Int.random(in: 0..<100, using: &generator) {
            case 0: return "\(id),2024-02-\(day),,,,"
            case 1: return "\(id),2024-02-30,Tanta,\(placed),,"
            case 2: return "\(id),2024-02-\(day),Tanta,2023-01-01,,"
            case 3: return "\(id),2024-02-\(day),Tanta"
            case 4: return "\(id),2024-02-\(day),Ta\"nta,\(placed),,"
            case 5: return ""
            case 6: return ",2024-02-\(day),Tanta,\(placed),,"
            case 7..<40: return "\(id),2024-02-\(day),\(area),\(placed),P,SMA"
            default: return "\(id),2024-0\(Int.random(in: 1...9, using: &generator))-\(day),\(area),,L,S1"
            }
        }
    }

    private struct Loaded {
        var load: SourceLoad
        var rejections: [String]
        var parts: Int
        var readAgain: [String]
    }

    private func load(_ source: SourceConfig, _ plan: CSVParts.Plan) throws -> Loaded {
        let (logger, logs) = CapturingLogHandler.logger()
        var loader = SourceLoader(logger: logger, settleTime: .zero, parts: plan)
        let load = try loader.load(source)
        let entries = logs.all
        return Loaded(
            load: load,
            rejections: entries.filter { $0.message == "source row rejected" }.map {
                "\($0.metadata["line"] ?? "?") \($0.metadata["reason"] ?? "?")"
            },
            parts: entries.first { $0.message == "source loaded" }?.metadata["parts"].flatMap { Int($0) }
                ?? 1,
            readAgain: entries.filter { $0.message.hasPrefix("part of a file read again") }.map(\.message))
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func partsLoadLikeTheWholeFile(seed: UInt64) throws {
        var generator = SplitMix64(state: seed)
        let kind: DatasetKind = seed % 2 == 0 ? .jobSeekers : .entrepreneurs
        let header =
            kind == .jobSeekers
            ? "id,registered_on,area,placed_on,gender,education"
            : "id,registered_on,area,programme,sector,status"
        let lineEnd = seed % 3 == 0 ? "\r\n" : "\n"
        let text =
            header + lineEnd + rows(4000, kind: kind, using: &generator).joined(separator: lineEnd) + lineEnd
        let directory = try TemporaryDirectory()
        let path = try directory.write("registry.csv", text)
        let source = SourceConfig(name: "registry", dataset: kind, location: .csv(CSVLocation(path: path)))

        let whole = try load(source, .single)
        #expect(whole.parts == 1)
        #expect(whole.load.acceptedRows > 3000 && whole.load.rejectedRows > 200)
        for threads in [2, 3, 7] {
            let minimumBytes = Int64(text.utf8.count / 7)
            let split = try load(source, CSVParts.Plan(threads: threads, minimumBytes: minimumBytes))
            #expect(split.parts == threads)
            #expect(split.load.data == whole.load.data)
            #expect(split.load.acceptedRows == whole.load.acceptedRows)
            #expect(split.load.rejectedRows == whole.load.rejectedRows)
            #expect(split.rejections == whole.rejections)
            // Ids repeat across the whole file, so every part after the first meets one.
            #expect(split.readAgain.count >= threads - 1)
        }
    }

    /// Cuts that land inside quoted fields spanning lines: those parts are read on from where
    /// the part before really ended.
    @Test func cutsInsideQuotedLineBreaksAreFound() throws {
        var text = "id,registered_on,area,programme,sector,status\n"
        for number in 0..<600 {
            let note = String(repeating: "baris\n", count: 40)
            text += "W\(number),2024-03-01,\"Tanta\n\(note)\",bengkel,jasa,aktif\n"
        }
        text += "W5,2024-03-01,Tanta,bengkel,jasa,aktif\n"
        let directory = try TemporaryDirectory()
        let path = try directory.write("wub.csv", text)
        let source = SourceConfig(
            name: "wub", dataset: .entrepreneurs, location: .csv(CSVLocation(path: path)))
        let whole = try load(source, .single)
        let split = try load(source, CSVParts.Plan(threads: 4, minimumBytes: 1000))
        #expect(split.parts == 4)
        #expect(split.load.data == whole.load.data)
        #expect(whole.load.acceptedRows == 600)
        #expect(split.rejections == whole.rejections)
        #expect(whole.rejections.count == 1)
        #expect(
            whole.rejections.first?.hasPrefix("\(1 + 600 * 42 + 1) the id appears on more than one row")
                == true)
        #expect(split.readAgain.contains { $0.contains("inside a record") })
    }

    /// A file loaded in parts is read on from its end when rows are appended, with the ids of
    /// every part.
    @Test func appendsAfterALoadInPartsKeepEveryPartsIDs() throws {
        var generator = SplitMix64(state: 11)
        let header = "id,registered_on,area,programme,sector,status\n"
        let first = rows(3000, kind: .entrepreneurs, using: &generator).joined(separator: "\n") + "\n"
        let directory = try TemporaryDirectory()
        let path = try directory.write("wub.csv", header + first)
        let source = SourceConfig(
            name: "wub", dataset: .entrepreneurs, location: .csv(CSVLocation(path: path)))
        let (logger, logs) = CapturingLogHandler.logger()
        var loader = SourceLoader(
            logger: logger, settleTime: .zero, parts: CSVParts.Plan(threads: 3, minimumBytes: 1000))
        _ = try loader.load(source)
        // Ids of every part again, and new ones.
        let appended = (0..<300).map { "K\($0 * 10),2024-05-01,Tanta,bengkel,jasa,aktif\n" }.joined()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(appended.utf8))
        try handle.close()
        let grown = try loader.load(source)
        let loaded = logs.all.filter { $0.message == "source loaded" }
        #expect(loaded.first?.metadata["parts"] == "3")
        #expect(loaded.last?.metadata["appended_from"] == "\((header + first).utf8.count)")

        let whole = try load(source, .single)
        #expect(grown.data == whole.load.data)
        #expect(grown.acceptedRows == whole.load.acceptedRows)
        #expect(grown.rejectedRows == whole.load.rejectedRows)
    }

    /// Small files, survey files and a one-thread plan are read in one piece.
    @Test func smallAndSurveyFilesAreNotCut() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "wub.csv", "id,registered_on,area,programme,sector,status\nW1,2024-03-01,Tanta,b,j,a\n")
        let source = SourceConfig(
            name: "wub", dataset: .entrepreneurs, location: .csv(CSVLocation(path: path)))
        #expect(try load(source, CSVParts.Plan(threads: 8, minimumBytes: 1 << 20)).parts == 1)
        var survey = "period,area,working_age_population,labour_force,unemployed\n"
        for year in 2000..<2400 { survey += "\(year)-08,Tanta,1000,700,30\n" }
        let surveyPath = try directory.write("sakernas.csv", survey)
        let surveySource = SourceConfig(
            name: "sakernas", dataset: .labourForce, location: .csv(CSVLocation(path: surveyPath)))
        #expect(try load(surveySource, CSVParts.Plan(threads: 4, minimumBytes: 100)).parts == 1)
    }
}
