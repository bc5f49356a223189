import NakerConfig
import NakerCore

/// Reads one sheet of an Office Open XML workbook as records, streamed: the sheet part is
/// inflated and tokenized in chunks, so memory holds the shared strings and one row, not the sheet.
///
/// Every cell becomes the text a CSV export would hold (docs/configuration.md, "Workbooks"), so
/// the CSV row rules apply unchanged.
public struct XLSXReader: Sendable {
    public var path: String
    public var sheet: SheetSelector
    public var headerRow: Int
    /// How date cells are written into their fields.
    var dateForm: XLSXSheetRows.DateForm
    var limits = XLSXWorkbook.Limits.standard
    /// Past this the read stops with `deadlineExceeded` (checked at every inflated chunk).
    public var deadline: ContinuousClock.Instant?

    /// - Parameter periods: the sheet's dates are survey periods (`labour_force`), written `YYYY-MM`.
    public init(
        path: String, sheet: SheetSelector = .index(1), headerRow: Int = 1,
        format: FieldFormat = FieldFormat(), periods: Bool = false
    ) {
        self.path = path
        self.sheet = sheet
        self.headerRow = headerRow
        dateForm = periods ? .month : .date(format.dateFormat)
    }

    public init(_ location: XLSXLocation, dataset: DatasetKind) {
        self.init(
            path: location.path, sheet: location.sheet, headerRow: location.headerRow,
            format: location.format,
            periods: dataset == .labourForce)
    }

    /// The workbook's sheet names in tab order, for `check-config`.
    public static func sheetNames(path: String) throws -> [String] {
        let file = try ReadableFile(path: path)
        try refuseCompoundFile(file)
        return try XLSXWorkbook(XLSXPackage(path: path, deadline: nil), limits: .standard).sheets.map(\.name)
    }

    /// Opens the workbook and finds the sheet; its rows are read by `OpenedSheet.read`.
    public func open() throws -> OpenedSheet {
        let file = try ReadableFile(path: path)
        let fingerprint = try file.fingerprint()
        try Self.refuseCompoundFile(file)
        let package = try XLSXPackage(path: path, deadline: deadline)
        let workbook = try XLSXWorkbook(package, limits: limits)
        let found = try workbook.sheet(sheet, path: path)
        return OpenedSheet(
            reader: self, package: package, workbook: workbook, name: found.name, part: found.part ?? "",
            fingerprint: fingerprint)
    }

    /// An encrypted workbook, and a pre-2007 `.xls`, are OLE compound files, not zips.
    private static func refuseCompoundFile(_ file: borrowing ReadableFile) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8, alignment: 1)
        defer { buffer.deallocate() }
        let read = try file.read(into: buffer, at: 0, limit: 8, minimum: 8)
        let compoundFile: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        if read == 8, buffer.elementsEqual(compoundFile) {
            throw XLSXError.protectedOrLegacy(path: file.path)
        }
    }

    /// A workbook opened at one sheet.
    public struct OpenedSheet {
        let reader: XLSXReader
        let package: XLSXPackage
        let workbook: XLSXWorkbook
        /// The sheet's tab name (also when the source chose it by number).
        public let name: String
        let part: String
        /// The file as opened, before any part was read.
        public let fingerprint: FileFingerprint

        /// Calls `body` with the header row, then every row below it that has cells, in sheet
        /// order; a record's `line` is its row number. The view is valid only during `body`.
        public func read(_ body: (CSVReader.RawEvent) throws -> Void) throws {
            let strings = try workbook.sharedStrings(package, limits: reader.limits)
            try withoutActuallyEscaping(body) { body in
                var rows = XLSXSheetRows(
                    strings: strings, styles: workbook.styles, dateSystem: workbook.dateSystem,
                    dateForm: reader.dateForm, headerRow: reader.headerRow, sheetName: name,
                    path: reader.path,
                    deliver: body)
                try package.parse(part, limit: reader.limits.sheetBytes, into: &rows)
                try rows.finish()
            }
        }
    }
}

/// A workbook, or the sheet a source names, cannot be used at all; its last good data stays.
public enum XLSXError: Error, Hashable, Sendable {
    case notAWorkbook(path: String, reason: String)
    /// An OLE compound file: an encrypted `.xlsx` or an old `.xls`.
    case protectedOrLegacy(path: String)
    case missingPart(path: String, part: String)
    /// The part's inflated size passes its limit: by the zip directory's word (`declared`) or
    /// counted while inflating.
    case partTooLarge(path: String, part: String, limit: Int, declared: Bool)
    case malformedPart(path: String, part: String, XMLScanError)
    case damaged(path: String, part: String, reason: String)
    case noSuchSheet(path: String, sheet: SheetSelector, available: [String])
    case notAWorksheet(path: String, sheet: String)
    case noHeaderRow(path: String, sheet: String, row: Int)
    case mergedHeader(path: String, sheet: String, row: Int, range: String)
    case headerTooWide(path: String, sheet: String, row: Int, limit: Int)
    case headerCell(path: String, sheet: String, row: Int, CSVRecordProblem)
    case header(path: String, sheet: String, row: Int, DatasetHeaderError)
    case deadlineExceeded(path: String)
}

extension XLSXError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notAWorkbook(let path, let reason):
            "\(path) is not an .xlsx workbook: \(reason); save it from Excel or LibreOffice as \"Excel Workbook (.xlsx)\""
        case .protectedOrLegacy(let path):
            "\(path) is a password-protected workbook or an old .xls file; save it as .xlsx without a password to open"
        case .missingPart(let path, let part):
            "\(path) lists a part \(part) that it does not hold; the workbook is damaged, save it again"
        case .partTooLarge(let path, let part, let limit, let declared):
            "\(path): part \(part) would inflate to more than \(limit >> 20) MiB ("
                + (declared ? "the zip directory says so" : "counted while inflating")
                + "); refused as a possible zip bomb. Split a sheet this large or export it as CSV"
        case .malformedPart(let path, let part, let error):
            "\(path): part \(part) cannot be read: \(error); save the workbook again from a spreadsheet program"
        case .damaged(let path, let part, let reason):
            "\(path): part \(part) is damaged: \(reason); copy or export the workbook again"
        case .noSuchSheet(let path, let sheet, let available):
            "\(path) has no sheet \(sheet); its sheets are "
                + available.map { "\"\($0)\"" }.joined(separator: ", ")
                + ". Set xlsx.sheet to one of them, or to its number (1 for the first)"
        case .notAWorksheet(let path, let sheet):
            "sheet \"\(sheet)\" of \(path) is a chart or dialog sheet, not a table of cells; choose a worksheet"
        case .noHeaderRow(let path, let sheet, let row):
            "\(path)!\(sheet) has no column names in row \(row); set xlsx.header_row to the row that holds them"
        case .mergedHeader(let path, let sheet, let row, let range):
            "the header row \(row) of \(path)!\(sheet) has merged cells (\(range)); unmerge them so that every "
                + "column has its own name in one cell"
        case .headerTooWide(let path, let sheet, let row, let limit):
            "row \(row) of \(path)!\(sheet) has cells beyond column \(CellReference.letters(limit - 1)) "
                + "(\(limit) columns, Excel's limit); refused: no spreadsheet program writes such a sheet"
        case .headerCell(let path, let sheet, let row, let problem):
            "the header row \(row) of \(path)!\(sheet) cannot be read: \(problem)"
        case .header(let path, let sheet, let row, let error):
            "header row \(row) of \(path)!\(sheet): \(error)"
        case .deadlineExceeded(let path):
            "reading \(path) took longer than the source's timeout; check the file and its disk or share, "
                + "or raise the source's timeout"
        }
    }
}

extension XMLScanError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .tokenTooLong(let limit):
            "a single cell, string or tag is longer than \(limit >> 20) MiB (Excel allows 32,767 characters in a cell)"
        case .doctype: "it has a DOCTYPE, which no workbook part has"
        case .malformed(let reason): reason
        }
    }
}
