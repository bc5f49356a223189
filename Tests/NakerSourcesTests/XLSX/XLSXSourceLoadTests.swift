import Foundation
import Logging
import NakerConfig
import NakerCore
import NakerTestSupport
import Testing

@testable import NakerSources

/// A workbook source through the loader: the CSV row rules, rejections named `file!sheet:row`,
/// and the unchanged-file skip.
@Suite struct XLSXSourceLoadTests {
    private func source(_ path: String, sheet: SheetSelector = .name("Pendaftaran"), headerRow: Int = 3)
        -> SourceConfig
    {
        SourceConfig(
            name: "ak1", dataset: .jobSeekers,
            location: .xlsx(
                XLSXLocation(
                    path: path, sheet: sheet, headerRow: headerRow,
                    format: FieldFormat(dateFormat: .dayMonthYearSlash))))
    }

    @Test func rowsFollowTheCSVRulesAndRejectionsNameTheSheetAndRow() throws {
        let path = try Workbooks.path("cell-types.xlsx")
        let (logger, store) = CapturingLogHandler.logger()
        var loader = SourceLoader(logger: logger)
        let load = try loader.load(source(path))
        // Rows 4, 5, 6, 7 and 10; row 8's area is a formula error. Row 7's error is in a column
        // no rule reads.
        #expect(load.acceptedRows == 5)
        #expect(load.rejectedRows == 1)
        guard case .jobSeekers(let registrations) = load.data else {
            Issue.record("not job seekers")
            return
        }
        #expect(registrations.total == 5)
        let rejected = try #require(store.all.first { $0.message == "source row rejected" })
        #expect(rejected.metadata["at"] == "\(path)!Pendaftaran:8")
        #expect(rejected.metadata["row"] == "8")
        #expect(rejected.metadata["sheet"] == "Pendaftaran")
        #expect(rejected.metadata["reason"]?.contains("formula error #REF!") == true)
        let loaded = try #require(store.all.first { $0.message == "source loaded" })
        #expect(loaded.metadata["sheet"] == "Pendaftaran")
    }

    @Test func aSheetChosenByNumberIsNamedByItsTab() throws {
        let (logger, store) = CapturingLogHandler.logger()
        var loader = SourceLoader(logger: logger)
        _ = try loader.load(source(try Workbooks.path("cell-types.xlsx"), sheet: .index(2)))
        #expect(store.all.first { $0.message == "source row rejected" }?.metadata["sheet"] == "Pendaftaran")
    }

    @Test func aWrongHeaderNamesTheSheetAndRow() throws {
        let path = try Workbooks.path("cell-types.xlsx")
        var loader = SourceLoader(logger: CapturingLogHandler.silent)
        // Row 1 holds only the title: no id column there.
        #expect(
            throws: SourceLoadError.workbook(
                source: "ak1",
                .header(
                    path: path, sheet: "Pendaftaran", row: 1,
                    .missingColumn(column: "id", header: "id")))
        ) {
            try loader.load(source(path, headerRow: 1))
        }
    }

    @Test func anUnchangedWorkbookIsNotReadAgainAndAChangedOneIsReadWhole() throws {
        let directory = try TemporaryDirectory()
        let original = try Data(contentsOf: URL(fileURLWithPath: try Workbooks.path("cell-types.xlsx")))
        let path = try directory.write("ak1.xlsx", [UInt8](original))
        var loader = SourceLoader(logger: CapturingLogHandler.silent, settleTime: .zero)
        let first = try loader.load(source(path))
        let second = try loader.load(source(path))
        #expect(!first.reusedUnchangedFile)
        #expect(second.reusedUnchangedFile)
        #expect(second.data == first.data)

        // Replaced by another workbook: read again, whole.
        let other = try Data(contentsOf: URL(fileURLWithPath: try Workbooks.path("shared-strings.xlsx")))
        try directory.write("ak1.xlsx", [UInt8](other))
        let third = try loader.load(source(path, sheet: .index(1), headerRow: 1))
        #expect(!third.reusedUnchangedFile)
        #expect(third.acceptedRows == 2)
        // Row 4's registered_on is TRUE; row 5 has none.
        #expect(third.rejectedRows == 2)
    }

    @Test func aDamagedWorkbookFailsTheLoadWithTheReason() throws {
        let directory = try TemporaryDirectory()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Workbooks.path("cell-types.xlsx"))))
        // Cut short: the zip's directory at the end is gone.
        bytes.removeLast(bytes.count / 2)
        let path = try directory.write("ak1.xlsx", bytes)
        var loader = SourceLoader(logger: CapturingLogHandler.silent)
        do {
            _ = try loader.load(source(path))
            Issue.record("a damaged workbook loaded")
        } catch let error as SourceLoadError {
            guard case .workbook("ak1", .notAWorkbook(path, _)) = error else {
                Issue.record("\(error)")
                return
            }
            #expect("\(error)".contains("save it from Excel or LibreOffice"))
        }
    }
}
