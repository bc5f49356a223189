import Foundation
import Logging
import NakerConfig
import NakerCore
import NakerTestSupport
import Testing

@testable import NakerSources

/// Workbooks written by openpyxl and XlsxWriter (Tests/Fixtures/xlsx/workbooks.py), generated
/// once per test run.
enum Workbooks {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    struct GenerationFailed: Error {}

    /// Left in the temporary directory after the run (a few MB); a new run makes a new one.
    static let directory: Result<String, GenerationFailed> = {
        var template = Array((NSTemporaryDirectory() + "naker-xlsx-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else { return .failure(GenerationFailed()) }
        let directory = String(cString: created)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root + "/Tests/Fixtures/xlsx/workbooks.py", directory, "--hostile"]
        guard (try? process.run()) != nil else { return .failure(GenerationFailed()) }
        process.waitUntilExit()
        // Needs openpyxl and xlsxwriter (make test-deps installs them).
        return process.terminationStatus == 0 ? .success(directory) : .failure(GenerationFailed())
    }()

    static func path(_ name: String) throws -> String {
        try directory.get() + "/" + name
    }
}

/// One record as the tests compare it: each field's text, or `!` and the problem's description.
private struct Row: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]

    init(_ line: Int, _ fields: [String]) {
        self.line = line
        self.fields = fields
    }

    init(_ record: CSVRecordView) {
        line = record.line
        fields = (0..<record.fieldCount).map { index in
            if let problem = record.problem(inField: index) { return "!\(problem)" }
            return record.text(record.field(index))
        }
    }

    var description: String { "\(line): \(fields)" }
}

private func rows(
    _ name: String, sheet: SheetSelector = .index(1), headerRow: Int = 1, format: FieldFormat = FieldFormat()
) throws -> [Row] {
    let reader = XLSXReader(
        path: try Workbooks.path(name), sheet: sheet, headerRow: headerRow, format: format)
    var rows: [Row] = []
    try reader.open().read { event in
        guard case .record(let record) = event else {
            Issue.record("unexpected \(event.line)")
            return
        }
        rows.append(Row(record))
    }
    return rows
}

private func readError(
    _ name: String, sheet: SheetSelector = .index(1), limits: XLSXWorkbook.Limits = .standard
)
    throws -> XLSXError?
{
    var reader = XLSXReader(path: try Workbooks.path(name), sheet: sheet)
    reader.limits = limits
    do {
        try reader.open().read { _ in }
        return nil
    } catch let error as XLSXError {
        return error
    }
}

@Suite struct XLSXReaderTests {
    @Test func everyKindOfCellReadsAsTheTextACSVExportWouldHold() throws {
        let cellError = "!" + CSVRecordProblem.cellError(field: 7, value: "#N/A").description
        let areaError = "!" + CSVRecordProblem.cellError(field: 3, value: "#REF!").description
        let read = try rows(
            "cell-types.xlsx", sheet: .name("Pendaftaran"), headerRow: 3,
            format: FieldFormat(dateFormat: .dayMonthYearSlash))
        let expected = [
            Row(3, ["id", "registered_on", "area", "placed_on", "jumlah", "aktif", "catatan"]),
            Row(4, ["AK1-0001", "05/01/2024", "Tanjung & <Selatan>", "", "3", "TRUE", "ok"]),
            // The time of day is dropped; a fraction stays a fraction.
            Row(5, ["12345", "29/02/2024", "Murung Pudak é", "01/03/2024", "1.5", "FALSE", ""]),
            // A 16-digit number keeps every digit; a text date is left for date_format; a formula
            // without a cached value is empty.
            Row(6, ["6309040101990001", "05/01/2024", "Kelua", "", "-5", "", ""]),
            Row(7, ["AK1-0004", "31/12/2023", "Tanta", "", "0", "TRUE", cellError]),
            Row(8, ["AK1-0006", "01/01/2024", areaError, "", "1", "TRUE", ""]),
            // Row 9 has no cells; row 10 is padded to the header's width, its stray cell dropped.
            Row(10, ["AK1-0005", "30/06/2024", "Muara Uya", "", "", "", ""]),
        ]
        #expect(read == expected)
    }

    @Test func sharedAndInlineStringsAnd1904DatesReadTheSame() throws {
        let expected = [
            Row(1, ["id", "registered_on", "area", "placed_on"]),
            Row(2, ["AK1-0001", "2024-01-05", "Tanjung & <Selatan>", ""]),
            Row(3, ["AK1-0002", "1904-01-01", "Kelua", "2024-03-01"]),
            Row(4, ["AK1-0003", "TRUE", "Haruai", ""]),
            Row(5, ["AK1-0004", "", "Line\r\nbreak", ""]),
        ]
        // XlsxWriter: constant-memory mode writes inline strings and here the 1904 date system;
        // its default mode a shared string table (with a rich string) and the 1900 system.
        #expect(try rows("inline-1904.xlsx") == expected)
        #expect(try rows("shared-strings.xlsx") == expected)
    }

    @Test func aSheetIsChosenByNameOrPositionAmongAllTabs() throws {
        #expect(try rows("sheets.xlsx", sheet: .name("Data 2024")).count == 2)
        // The hidden "Lama" is tab 2, as in the tab bar's order.
        #expect(try rows("sheets.xlsx", sheet: .index(3)).count == 2)
        #expect(try rows("sheets.xlsx", sheet: .index(2)) == [Row(1, ["id", "registered_on", "area"])])
        let missing = try readError("sheets.xlsx", sheet: .name("data 2024"))
        #expect(
            missing
                == .noSuchSheet(
                    path: try Workbooks.path("sheets.xlsx"), sheet: .name("data 2024"),
                    available: ["Ringkasan", "Lama", "Data 2024", "Grafik"]))
        #expect(
            "\(try #require(missing))".contains(
                "its sheets are \"Ringkasan\", \"Lama\", \"Data 2024\", \"Grafik\""))
        #expect(
            try readError("sheets.xlsx", sheet: .name("Grafik"))
                == .notAWorksheet(path: try Workbooks.path("sheets.xlsx"), sheet: "Grafik"))
        #expect(try readError("sheets.xlsx", sheet: .index(5)) != nil)
    }

    @Test func mergedHeaderCellsAreRefusedWithTheRange() throws {
        let error = try #require(try readError("merged-header.xlsx"))
        #expect(
            error
                == .mergedHeader(
                    path: try Workbooks.path("merged-header.xlsx"), sheet: "WUB", row: 1, range: "C1:D1"))
        #expect("\(error)".contains("unmerge them"))
    }

    @Test func aMissingHeaderRowIsNamed() throws {
        var reader = XLSXReader(
            path: try Workbooks.path("cell-types.xlsx"), sheet: .name("Pendaftaran"), headerRow: 2)
        reader.deadline = nil
        #expect(
            throws: XLSXError.noHeaderRow(
                path: try Workbooks.path("cell-types.xlsx"), sheet: "Pendaftaran", row: 2)
        ) {
            try reader.open().read { _ in }
        }
    }

    @Test func partsThatInflatePastTheirLimitAreRefusedBeforeTheyAreKept() throws {
        let path = try Workbooks.path("bomb-strings.xlsx")
        #expect(
            try readError("bomb-strings.xlsx")
                == .partTooLarge(path: path, part: "xl/sharedStrings.xml", limit: 256 << 20, declared: true))
        // A sheet limit below the sheet's size stops the stream.
        var small = XLSXWorkbook.Limits.standard
        small.sheetBytes = 100
        #expect(
            try readError("shared-strings.xlsx", limits: small)
                == .partTooLarge(
                    path: try Workbooks.path("shared-strings.xlsx"), part: "xl/worksheets/sheet1.xml",
                    limit: 100,
                    declared: true))
    }

    @Test func aLyingZipDirectoryIsCaughtByCountingTheInflatedBytes() throws {
        // The sheet's declared sizes rewritten to 1 byte: only the count while inflating can tell.
        let original = try Data(contentsOf: URL(fileURLWithPath: try Workbooks.path("shared-strings.xlsx")))
        let lying = try ZipSizePatch.declaring(
            size: 1, for: "xl/worksheets/sheet1.xml", in: [UInt8](original))
        let directory = try TemporaryDirectory()
        let path = try directory.write("lying.xlsx", lying)
        var small = XLSXWorkbook.Limits.standard
        small.sheetBytes = 100
        var reader = XLSXReader(path: path)
        reader.limits = small
        do {
            try reader.open().read { _ in }
            Issue.record("a lying zip was read")
        } catch let error as XLSXError {
            switch error {
            case .partTooLarge(_, "xl/worksheets/sheet1.xml", 100, false): break
            default: Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func hostileWorkbooksAreRefusedWithAReason() throws {
        let wide = try #require(try readError("wide-header.xlsx"))
        #expect(
            wide
                == .headerTooWide(
                    path: try Workbooks.path("wide-header.xlsx"), sheet: "Data", row: 1, limit: 16_384))
        let long = try #require(try readError("long-string.xlsx"))
        guard case .malformedPart(_, "xl/sharedStrings.xml", .tokenTooLong) = long else {
            Issue.record("unexpected \(long)")
            return
        }
        #expect("\(long)".contains("32,767 characters"))
        let doctype = try #require(try readError("doctype.xlsx"))
        #expect(
            doctype
                == .malformedPart(
                    path: try Workbooks.path("doctype.xlsx"), part: "xl/sharedStrings.xml", .doctype))
        // A million cells right of the header belong to no column: the row still reads.
        #expect(
            try rows("wide-row.xlsx") == [
                Row(1, ["id", "registered_on", "area"]), Row(2, ["WUB-1", "2024-01-08", "Tanjung"]),
            ])
    }

    @Test func filesThatAreNotWorkbooksSayWhatTheyAre() throws {
        let directory = try TemporaryDirectory()
        let text = try directory.write("data.xlsx", "id,registered_on,area\n")
        let notZip = try #require(try error(reading: text) as? XLSXError)
        guard case .notAWorkbook = notZip else {
            Issue.record("unexpected \(notZip)")
            return
        }
        var compound: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        compound += [UInt8](repeating: 0, count: 504)
        let legacy = try directory.write("old.xlsx", compound)
        #expect(try error(reading: legacy) as? XLSXError == .protectedOrLegacy(path: legacy))
        let fifo = directory.file("pipe.xlsx")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(
            try error(reading: fifo) as? CSVReaderError
                == .notRegularFile(path: fifo, kind: "a FIFO (named pipe)"))
    }

    private func error(reading path: String) throws -> (any Error)? {
        do {
            try XLSXReader(path: path).open().read { _ in }
            return nil
        } catch {
            return error
        }
    }
}

/// Rewrites the uncompressed size a zip declares for one entry, in its local header and in the
/// central directory, as a hostile archive would.
enum ZipSizePatch {
    static func declaring(size: UInt32, for name: String, in bytes: [UInt8]) throws -> [UInt8] {
        var bytes = bytes
        let nameBytes = Array(name.utf8)
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * $1) } }
        func put(_ value: UInt32, _ at: Int) {
            for i in 0..<4 { bytes[at + i] = UInt8((value >> (8 * i)) & 0xFF) }
        }
        var patched = 0
        var index = 0
        while index + 46 < bytes.count {
            let signature = u32(index)
            if signature == 0x0403_4B50, u16(index + 26) == nameBytes.count,
                Array(bytes[(index + 30)..<(index + 30 + nameBytes.count)]) == nameBytes
            {
                put(size, index + 22)
                patched += 1
            } else if signature == 0x0201_4B50, u16(index + 28) == nameBytes.count,
                Array(bytes[(index + 46)..<(index + 46 + nameBytes.count)]) == nameBytes
            {
                put(size, index + 24)
                patched += 1
            }
            index += 1
        }
        try #require(patched == 2, "\(name) not found in both headers")
        return bytes
    }
}
