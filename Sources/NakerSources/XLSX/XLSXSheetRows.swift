import Foundation
import NakerCore

/// Turns a worksheet part's `<row>`/`<c>` elements into records, one per row from the header
/// row on: each cell's value as the text a CSV export would hold, in column order, padded to
/// the header's width. Cells right of the header belong to no column and are not kept.
struct XLSXSheetRows: XMLHandler {
    /// How a date cell is written into its field: in the source's date form, or `YYYY-MM` for a
    /// survey period.
    enum DateForm: Sendable {
        case date(DateFormat)
        case month
    }

    /// Excel's last column, XFD.
    static let maxColumns = 16_384

    private let strings: SharedStrings
    private let styles: CellStyles
    private let dateSystem: DateSystem
    private let dateForm: DateForm
    private let headerRow: Int
    private let deliver: (CSVReader.RawEvent) throws -> Void
    private let sheetName: String
    private let path: String

    /// Columns of the header row, once read.
    private(set) var width: Int?
    /// The first merged range that covers the header row (known only at the sheet's end).
    private(set) var mergedHeader: String?

    private var inSheetData = false
    private var rowNumber = 0
    private var rowWanted = false

    private var column = -1
    private var cellWanted = false
    private var cellKind = CellKind.number
    private var cellStyle = 0
    private var inValue = false
    private var inInlineString = false
    private var inInlineText = false
    private var inPhonetic = false
    private var value: [UInt8] = []

    /// The row's rendered cells, back to back, and where each lies.
    private var rowBytes: [UInt8] = []
    private var spans: [Span] = []
    private var problems: [CSVRecordProblem] = []
    private var fieldEnds: [Int] = []
    private var assembled: [UInt8] = []

    private struct Span {
        var column: Int
        var start: Int
        var end: Int
    }

    private enum CellKind {
        case number, sharedString, inlineString, formulaString, boolean, error, isoDate
    }

    init(
        strings: SharedStrings, styles: CellStyles, dateSystem: DateSystem, dateForm: DateForm,
        headerRow: Int,
        sheetName: String, path: String, deliver: @escaping (CSVReader.RawEvent) throws -> Void
    ) {
        self.strings = strings
        self.styles = styles
        self.dateSystem = dateSystem
        self.dateForm = dateForm
        self.headerRow = headerRow
        self.sheetName = sheetName
        self.path = path
        self.deliver = deliver
    }

    mutating func start(_ name: XMLName, _ tag: XMLTag) throws {
        if inSheetData {
            if name.is("c") {
                startCell(tag)
            } else if cellWanted {
                if name.is("v") {
                    inValue = true
                    value.removeAll(keepingCapacity: true)
                } else if name.is("is") {
                    inInlineString = true
                    value.removeAll(keepingCapacity: true)
                } else if name.is("rPh") {
                    inPhonetic = true
                } else if name.is("t") {
                    inInlineText = inInlineString && !inPhonetic
                }
            } else if name.is("row") {
                rowNumber = tag.integer("r") ?? rowNumber + 1
                rowWanted = rowNumber >= headerRow
                column = -1
                rowBytes.removeAll(keepingCapacity: true)
                spans.removeAll(keepingCapacity: true)
                problems.removeAll(keepingCapacity: true)
            }
        } else if name.is("sheetData") {
            inSheetData = true
        } else if name.is("mergeCell"), mergedHeader == nil, let reference = tag.string("ref"),
            let range = CellReference.range(reference), range.rows.contains(headerRow), range.cells > 1
        {
            mergedHeader = reference
        }
    }

    mutating func end(_ name: XMLName) throws {
        guard inSheetData else { return }
        if name.is("c") {
            if cellWanted { try endCell() }
            cellWanted = false
        } else if name.is("v") {
            inValue = false
        } else if name.is("t") {
            inInlineText = false
        } else if name.is("rPh") {
            inPhonetic = false
        } else if name.is("is") {
            inInlineString = false
        } else if name.is("row") {
            if rowWanted { try endRow() }
            rowWanted = false
        } else if name.is("sheetData") {
            inSheetData = false
        }
    }

    mutating func text(_ raw: UnsafeRawBufferPointer, isCDATA: Bool) throws {
        guard cellWanted, inValue || inInlineText else { return }
        if isCDATA {
            value.append(contentsOf: raw)
        } else if !XMLText.appendDecoded(raw, to: &value) {
            throw XMLScanError.malformed("row \(rowNumber) has a cell with a broken character reference")
        }
    }

    /// After the part's last byte.
    func finish() throws(XLSXError) {
        if let mergedHeader {
            throw .mergedHeader(path: path, sheet: sheetName, row: headerRow, range: mergedHeader)
        }
        guard width != nil else { throw .noHeaderRow(path: path, sheet: sheetName, row: headerRow) }
    }

    private mutating func startCell(_ tag: XMLTag) {
        column = tag.value("r").flatMap(CellReference.column) ?? column + 1
        cellWanted = rowWanted && column < (width ?? Self.maxColumns + 1)
        guard cellWanted else { return }
        value.removeAll(keepingCapacity: true)
        cellStyle = tag.integer("s") ?? 0
        switch tag.value("t").map({ String(decoding: $0, as: UTF8.self) }) {
        case "s": cellKind = .sharedString
        case "inlineStr": cellKind = .inlineString
        case "str": cellKind = .formulaString
        case "b": cellKind = .boolean
        case "e": cellKind = .error
        case "d": cellKind = .isoDate
        default: cellKind = .number
        }
    }

    private mutating func endCell() throws {
        if column >= Self.maxColumns {
            throw XLSXError.headerTooWide(
                path: path, sheet: sheetName, row: rowNumber, limit: Self.maxColumns)
        }
        let start = rowBytes.count
        let field = column + 1
        switch cellKind {
        case .sharedString:
            let index = value.withUnsafeBytes(XMLText.decimal)
            if let index, strings.append(index, to: &rowBytes) {
            } else if !value.isEmpty {
                problems.append(.missingSharedString(field: field))
            }
        case .inlineString, .formulaString:
            XMLText.unescapeOOXML(&value, from: 0)
            rowBytes.append(contentsOf: value)
        case .boolean:
            rowBytes.append(
                contentsOf: value == [UInt8(ascii: "1")] ? Array("TRUE".utf8) : Array("FALSE".utf8))
        case .error:
            problems.append(.cellError(field: field, value: String(decoding: value, as: UTF8.self)))
        case .isoDate:
            let date =
                value.count >= 10
                ? value.withUnsafeBytes { LocalDate(isoBytes: .init(rebasing: $0[0..<10])) } : nil
            if let date { appendDate(date) } else { rowBytes.append(contentsOf: value) }
        case .number:
            if styles.isDate(style: cellStyle), !value.isEmpty {
                let serial = Double(String(decoding: value, as: UTF8.self))
                if let serial, let date = dateSystem.date(serial: serial) {
                    appendDate(date)
                } else {
                    rowBytes.append(contentsOf: value)
                }
            } else {
                NumberCell.append(value, to: &rowBytes)
            }
        }
        guard rowBytes.count > start || problems.last?.field == field else { return }
        spans.append(Span(column: column, start: start, end: rowBytes.count))
    }

    private mutating func appendDate(_ date: LocalDate) {
        switch dateForm {
        case .date(let format): format.append(date, to: &rowBytes)
        case .month:
            // YYYY-MM: the ISO form's first seven characters.
            var iso: [UInt8] = []
            DateFormat.iso.append(date, to: &iso)
            rowBytes.append(contentsOf: iso[0..<7])
        }
    }

    private mutating func endRow() throws {
        guard let width else {
            if rowNumber == headerRow { return try endHeader() }
            // The header row was skipped (a row with no cells is not written at all).
            throw XLSXError.noHeaderRow(path: path, sheet: sheetName, row: headerRow)
        }
        try assemble(width: width)
        try assembled.withUnsafeBytes { bytes in
            try fieldEnds.withUnsafeBufferPointer { ends in
                try deliver(
                    .record(CSVRecordView(line: rowNumber, bytes: bytes, fieldEnds: ends, problems: problems))
                )
            }
        }
    }

    private mutating func endHeader() throws {
        guard let last = spans.last(where: { $0.end > $0.start })?.column else {
            throw XLSXError.noHeaderRow(path: path, sheet: sheetName, row: headerRow)
        }
        if let problem = problems.first {
            throw XLSXError.headerCell(path: path, sheet: sheetName, row: rowNumber, problem)
        }
        try assemble(width: last + 1)
        width = last + 1
        try assembled.withUnsafeBytes { bytes in
            try fieldEnds.withUnsafeBufferPointer { ends in
                try deliver(.record(CSVRecordView(line: rowNumber, bytes: bytes, fieldEnds: ends)))
            }
        }
    }

    /// The row's cells in column order, `width` fields, into `assembled` and `fieldEnds`.
    private mutating func assemble(width: Int) throws {
        assembled.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        // Writers put cells in column order; sort the rare row that is not.
        if !zip(spans, spans.dropFirst()).allSatisfy({ $0.column < $1.column }) {
            spans.sort { $0.column < $1.column }
        }
        var next = 0
        for field in 0..<width {
            while next < spans.count, spans[next].column < field { next += 1 }
            if next < spans.count, spans[next].column == field {
                // A repeated column keeps its last cell.
                while next + 1 < spans.count, spans[next + 1].column == field { next += 1 }
                assembled.append(contentsOf: rowBytes[spans[next].start..<spans[next].end])
                next += 1
            }
            fieldEnds.append(assembled.count)
        }
    }
}

/// A1-style references: `AB12` → column 27 (0-based), `A1:C1` → a range.
enum CellReference {
    /// The 0-based column of a reference; nil when it has no column letters.
    static func column(_ reference: UnsafeRawBufferPointer) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference {
            let upper = byte & 0xDF
            guard upper >= UInt8(ascii: "A"), upper <= UInt8(ascii: "Z") else { break }
            column = column * 26 + Int(upper - UInt8(ascii: "A")) + 1
            letters += 1
            // Past XFD: any column this far is beyond every header.
            if letters > 4 { return Int.max / 2 }
        }
        return letters == 0 ? nil : column - 1
    }

    /// The column letters of a 0-based column, for messages.
    static func letters(_ column: Int) -> String {
        var number = column + 1
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(remainder))), at: 0)
            number = (number - 1) / 26
        }
        return String(letters)
    }

    struct Range {
        var rows: ClosedRange<Int>
        var cells: Int
    }

    /// `A1:C2`; a single cell `B3` is a range of one.
    static func range(_ text: String) -> Range? {
        let parts = text.split(separator: ":")
        guard (1...2).contains(parts.count) else { return nil }
        var corners: [(column: Int, row: Int)] = []
        for part in parts {
            let letters = part.prefix { $0.isLetter }
            guard let column = Array(letters.utf8).withUnsafeBytes({ column($0) }),
                let row = Int(part.dropFirst(letters.count))
            else { return nil }
            corners.append((column, row))
        }
        let first = corners[0]
        let last = corners[corners.count - 1]
        guard first.row <= last.row, first.column <= last.column else { return nil }
        return Range(
            rows: first.row...last.row, cells: (last.row - first.row + 1) * (last.column - first.column + 1))
    }
}

/// A numeric cell as text: an integer as its digits (ids, NIKs and counts are stored as
/// numbers by spreadsheets), anything else in at most 15 significant digits, as Excel shows it.
enum NumberCell {
    static func append(_ raw: [UInt8], to output: inout [UInt8]) {
        let plainInteger =
            !raw.isEmpty
            && raw.enumerated().allSatisfy { index, byte in
                (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || (index == 0 && byte == UInt8(ascii: "-"))
            }
        if plainInteger || raw.isEmpty {
            output.append(contentsOf: raw)
            return
        }
        guard let number = Double(String(decoding: raw, as: UTF8.self)), number.isFinite else {
            output.append(contentsOf: raw)
            return
        }
        if number == number.rounded(), abs(number) < 9.2e18 {
            output.append(contentsOf: String(Int64(number)).utf8)
        } else {
            output.append(contentsOf: String(format: "%.15g", number).utf8)
        }
    }
}
