import Foundation
import NakerConfig
import NakerCore
import NakerTestSupport
import Testing

@testable import NakerSources

/// A file written in pieces and loaded after each piece must end up exactly as if it had been
/// read once whole: the same counts, the same accepted and rejected rows.
@Suite struct SourceLoaderAppendTests {
    /// Job-seeker rows, some of them bad (missing area, bad date, placed too early, duplicate
    /// id, wrong field count, a stray quote) and some quoted, with a line break inside quotes.
    private func rows(_ count: Int, using generator: inout SplitMix64) -> [String] {
        let areas = ["Tanta", "Kelua", "\"Murung, Pudak\"", "\"Tanjung\nHulu\"", " Haruai "]
        return (0..<count).map { number in
            let id = Int.random(in: 0..<100, using: &generator) < 5 ? "K\(number / 2)" : "K\(number)"
            let day = String(format: "%02d", Int.random(in: 1...28, using: &generator))
            let area = areas.randomElement(using: &generator)!
            switch Int.random(in: 0..<100, using: &generator) {
            case 0: return "\(id),2024-02-\(day),,,,"
            case 1: return "\(id),2024-02-30,Tanta,,,"
            case 2: return "\(id),2024-02-\(day),Tanta,2023-01-01,,"
            case 3: return "\(id),2024-02-\(day),Tanta"
            case 4: return "\(id),2024-02-\(day),Ta\"nta,,,"
            case 5..<40: return "\(id),2024-02-\(day),\(area),2024-06-\(day),P,SMA"
            default: return "\(id),2024-02-\(day),\(area),,L,S1"
            }
        }
    }

    @Test(arguments: [1, 2, 3, 4])
    func piecesLoadLikeTheWholeFile(seed: UInt64) throws {
        var generator = SplitMix64(state: seed)
        let lineEnd = seed % 2 == 0 ? "\n" : "\r\n"
        let text =
            "id,registered_on,area,placed_on,gender,education" + lineEnd
            + rows(3000, using: &generator).joined(separator: lineEnd) + lineEnd
        let bytes = Array(text.utf8)
        let directory = try TemporaryDirectory()
        let path = directory.path + "/ak1.csv"
        let source = SourceConfig(name: "ak1", dataset: .jobSeekers, location: .csv(CSVLocation(path: path)))

        // Cut anywhere: mostly just after a line end (sometimes one inside quotes), else inside a row.
        var cuts = (0..<16).map { _ in
            let position = Int.random(in: 1..<bytes.count, using: &generator)
            guard Bool.random(using: &generator) || Bool.random(using: &generator) else { return position }
            return (bytes[position...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count - 1) + 1
        }.sorted()
        cuts.append(bytes.count)
        try Data().write(to: URL(fileURLWithPath: path))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let (logger, logs) = CapturingLogHandler.logger()
        var loader = SourceLoader(logger: logger, settleTime: .zero)
        var written = 0
        var last: SourceLoad?
        for cut in cuts where cut > written {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(bytes[written..<cut]))
            written = cut
            last = try loader.load(source)
        }
        try handle.close()

        var fresh = SourceLoader(logger: CapturingLogHandler.silent)
        let whole = try fresh.load(source)
        let pieces = try #require(last)
        #expect(pieces.data == whole.data)
        #expect(pieces.acceptedRows == whole.acceptedRows)
        #expect(pieces.rejectedRows == whole.rejectedRows)
        #expect(whole.acceptedRows > 2000 && whole.rejectedRows > 100)
        // Some of the loads read only what was appended (the others had to start over).
        let appends = logs.all.filter { $0.message == "source loaded" && $0.metadata["appended_from"] != nil }
        #expect(appends.count >= 3)
    }
}
