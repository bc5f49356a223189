import NakerConfig
import NakerCore

/// What a workbook says about itself before any sheet is read: its sheets, date system, date
/// styles and shared strings.
struct XLSXWorkbook {
    struct Sheet: Hashable, Sendable {
        var name: String
        /// The part holding its cells; nil for a chart sheet or a dialog sheet.
        var part: String?
    }

    /// Limits on the inflated size of each part (zip bombs): the sheet is streamed and may be
    /// large; the shared strings are kept in memory, so they are capped lower.
    struct Limits: Sendable {
        var sheetBytes = 2 << 30
        var sharedStringsBytes = 256 << 20
        /// The workbook, relationships and styles parts: a few KB in a real workbook.
        var metadataBytes = 16 << 20

        static let standard = Limits()
    }

    let sheets: [Sheet]
    let dateSystem: DateSystem
    let styles: CellStyles
    /// Read only when a sheet is about to be.
    let sharedStringsPart: String?

    /// Reads the package's relationships, workbook and styles parts.
    init(_ package: XLSXPackage, limits: Limits) throws {
        var root = RelationshipsHandler()
        if package.has("_rels/.rels") {
            try package.parse("_rels/.rels", limit: limits.metadataBytes, into: &root)
        }
        let workbookPart =
            root.first(ofKind: "officeDocument").map { XLSXPartName.resolve($0.target, from: "") }
            ?? "xl/workbook.xml"
        guard package.has(workbookPart) else {
            throw XLSXError.notAWorkbook(
                path: package.path, reason: "it is a zip archive without a workbook part (\(workbookPart))")
        }
        var workbook = WorkbookHandler()
        try package.parse(workbookPart, limit: limits.metadataBytes, into: &workbook)
        var relationships = RelationshipsHandler()
        let relationshipsPart = XLSXPartName.relationships(of: workbookPart)
        if package.has(relationshipsPart) {
            try package.parse(relationshipsPart, limit: limits.metadataBytes, into: &relationships)
        }
        sheets = workbook.sheets.map { sheet in
            let relationship = relationships.relationships.first {
                $0.id == sheet.relationship && !$0.external
            }
            let isWorksheet = relationship?.type.hasSuffix("/worksheet") ?? false
            return Sheet(
                name: sheet.name,
                part: isWorksheet
                    ? relationship.map { XLSXPartName.resolve($0.target, from: workbookPart) } : nil)
        }
        dateSystem = workbook.date1904 ? .from1904 : .from1900
        if let stylesPart = relationships.first(ofKind: "styles").map({
            XLSXPartName.resolve($0.target, from: workbookPart)
        }), package.has(stylesPart) {
            var handler = StylesHandler()
            try package.parse(stylesPart, limit: limits.metadataBytes, into: &handler)
            styles = handler.styles
        } else {
            styles = CellStyles(isDate: [])
        }
        sharedStringsPart = relationships.first(ofKind: "sharedStrings").map {
            XLSXPartName.resolve($0.target, from: workbookPart)
        }.flatMap { package.has($0) ? $0 : nil }
    }

    /// The sheet a source names, or why there is none.
    func sheet(_ selector: SheetSelector, path: String) throws(XLSXError) -> Sheet {
        let found: Sheet?
        switch selector {
        case .name(let name): found = sheets.first { $0.name == name }
        case .index(let index): found = sheets.indices.contains(index - 1) ? sheets[index - 1] : nil
        }
        guard let found else {
            throw .noSuchSheet(path: path, sheet: selector, available: sheets.map(\.name))
        }
        guard found.part != nil else { throw .notAWorksheet(path: path, sheet: found.name) }
        return found
    }

    func sharedStrings(_ package: XLSXPackage, limits: Limits) throws -> SharedStrings {
        var handler = SharedStringsHandler()
        if let sharedStringsPart {
            try package.parse(sharedStringsPart, limit: limits.sharedStringsBytes, into: &handler)
        }
        return handler.strings
    }
}

/// The day a date serial counts from (`date1904` in the workbook's properties).
enum DateSystem: Sendable {
    /// Excel for Windows and LibreOffice: serial 1 is 1900-01-01, and 60 is the 29 February 1900
    /// that Lotus 1-2-3 believed in and Excel keeps for compatibility.
    case from1900
    /// Old Excel for Mac: serial 0 is 1904-01-01.
    case from1904

    /// The calendar day of a serial (its time of day dropped); nil for a serial that is no day.
    func date(serial: Double) -> LocalDate? {
        guard serial.isFinite, serial >= 0, serial < 3_000_000 else { return nil }
        let days = Int(serial.rounded(.down))
        switch self {
        case .from1900:
            guard days >= 1, days != 60 else { return nil }
            // 1899-12-31 + days before the phantom day, 1899-12-30 + days after it.
            let base = LocalDate(year: 1899, month: 12, day: days < 60 ? 31 : 30)!
            return base.adding(days: days).validCalendarDate
        case .from1904:
            return LocalDate(year: 1904, month: 1, day: 1)!.adding(days: days).validCalendarDate
        }
    }
}

extension LocalDate {
    /// Self when within the years a date column accepts.
    fileprivate var validCalendarDate: LocalDate? {
        (1...9999).contains(year) ? self : nil
    }
}

/// Which cell formats (`s=` index into `cellXfs`) show a number as a date.
struct CellStyles: Sendable {
    let isDate: [Bool]

    func isDate(style: Int) -> Bool {
        isDate.indices.contains(style) && isDate[style]
    }

    /// Built-in number formats that are dates: 14–17 and 22 (ECMA-376 18.8.30), and the
    /// East Asian date formats 27–36 and 50–58. 18–21 and 45–47 are times of day: no date.
    static func isBuiltInDate(_ id: Int) -> Bool {
        (14...17).contains(id) || id == 22 || (27...36).contains(id) || (50...58).contains(id)
    }

    /// Whether a format code shows a date: a day, month-with-year or year token outside quoted
    /// text, escapes and `[...]` sections (colours, locales, elapsed time). `m` alone may be
    /// minutes, so it counts only next to a `d` or `y`.
    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false
        var inBracket = false
        var escaped = false
        var skipNext = false
        for character in code.lowercased() {
            if skipNext {
                skipNext = false
                continue
            }
            if escaped {
                escaped = false
                continue
            }
            if inQuote {
                if character == "\"" { inQuote = false }
                continue
            }
            if inBracket {
                if character == "]" { inBracket = false }
                continue
            }
            switch character {
            case "\"": inQuote = true
            case "[": inBracket = true
            case "\\": escaped = true
            case "_", "*": skipNext = true
            case ";": return false
            case "d", "y": return true
            default: continue
            }
        }
        return false
    }
}

/// `<workbookPr date1904>` and the `<sheet>` list.
private struct WorkbookHandler: XMLHandler {
    struct Entry {
        var name: String
        var relationship: String
    }

    var sheets: [Entry] = []
    var date1904 = false

    mutating func start(_ name: XMLName, _ tag: XMLTag) throws {
        if name.is("workbookPr") {
            let value = tag.string("date1904")
            date1904 = value == "1" || value == "true"
        } else if name.is("sheet"), let sheetName = tag.string("name"), let relationship = tag.string("id") {
            sheets.append(Entry(name: sheetName, relationship: relationship))
        }
    }

    mutating func end(_ name: XMLName) throws {}
    mutating func text(_ raw: UnsafeRawBufferPointer, isCDATA: Bool) throws {}
}

/// `<numFmts>` and `<cellXfs>` of the styles part.
private struct StylesHandler: XMLHandler {
    private var customFormats: [Int: String] = [:]
    private var formatOfStyle: [Int] = []
    private var inCellFormats = false

    var styles: CellStyles {
        CellStyles(
            isDate: formatOfStyle.map { id in
                if let code = customFormats[id] { return CellStyles.isDateFormat(code) }
                return CellStyles.isBuiltInDate(id)
            })
    }

    mutating func start(_ name: XMLName, _ tag: XMLTag) throws {
        if name.is("numFmt"), let id = tag.integer("numFmtId"), let code = tag.string("formatCode") {
            customFormats[id] = code
        } else if name.is("cellXfs") {
            inCellFormats = true
        } else if inCellFormats, name.is("xf") {
            formatOfStyle.append(tag.integer("numFmtId") ?? 0)
        }
    }

    mutating func end(_ name: XMLName) throws {
        if name.is("cellXfs") { inCellFormats = false }
    }

    mutating func text(_ raw: UnsafeRawBufferPointer, isCDATA: Bool) throws {}
}

/// The shared string table, as one byte buffer and the end of each string in it.
struct SharedStrings: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []

    var count: Int { ends.count }

    mutating func append(_ text: ArraySlice<UInt8>) {
        bytes.append(contentsOf: text)
        ends.append(bytes.count)
    }

    /// Appends string `index` to `output`; false when the table has no such string.
    func append(_ index: Int, to output: inout [UInt8]) -> Bool {
        guard index >= 0, index < ends.count else { return false }
        let start = index == 0 ? 0 : ends[index - 1]
        output.append(contentsOf: bytes[start..<ends[index]])
        return true
    }
}

/// `<si>` items: the text of their `<t>` runs, phonetic runs (`<rPh>`) left out.
private struct SharedStringsHandler: XMLHandler {
    var strings = SharedStrings()
    private var current: [UInt8] = []
    private var inItem = false
    private var inText = false
    private var inPhonetic = false

    mutating func start(_ name: XMLName, _ tag: XMLTag) throws {
        if name.is("si") {
            inItem = true
            current.removeAll(keepingCapacity: true)
        } else if name.is("rPh") {
            inPhonetic = true
        } else if name.is("t") {
            inText = inItem && !inPhonetic
        }
    }

    mutating func end(_ name: XMLName) throws {
        if name.is("si") {
            XMLText.unescapeOOXML(&current, from: 0)
            strings.append(current[...])
            inItem = false
        } else if name.is("rPh") {
            inPhonetic = false
        } else if name.is("t") {
            inText = false
        }
    }

    mutating func text(_ raw: UnsafeRawBufferPointer, isCDATA: Bool) throws {
        guard inText else { return }
        if isCDATA {
            current.append(contentsOf: raw)
        } else if !XMLText.appendDecoded(raw, to: &current) {
            throw XMLScanError.malformed("shared string \(strings.count) has a broken character reference")
        }
    }
}
