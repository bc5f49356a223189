import Foundation
import NakerConfig

/// A JSON document as the `http:` formats read it.
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    /// The number as written, so a count is never rounded through a floating-point value.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let whole = try? container.decode(Int64.self) {
            self = .number(String(whole))
        } else if let number = try? container.decode(Double.self) {
            self = .number(
                number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)")
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    static func parse(_ body: [UInt8], shown url: String) throws(HTTPSourceError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(body))
        } catch {
            throw .invalidJSON(url: url)
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    var array: [JSONValue]? {
        if case .array(let array) = self { array } else { nil }
    }

    /// A string or number as a field's text, read then by the CSV rules.
    var scalarText: String? {
        switch self {
        case .string(let text), .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null: ""
        case .array, .object: nil
        }
    }

    var integer: Int? {
        switch self {
        case .number(let text), .string(let text): Int(text)
        default: nil
        }
    }
}

/// Records handed to the row parser one by one, as a CSV's lines are: the header first, then each
/// record's fields in the header's order. Records are numbered from 0 across pages, as
/// `url#records[17]` names them.
struct RecordFeed {
    private(set) var header: [String]?
    private(set) var count = 0

    /// The header: `columns` when the document lists them, else every key of the first records.
    mutating func start(columns: [String], into parse: inout SourceParse) throws {
        guard header == nil else { return }
        header = columns
        try Self.deliver(columns, problems: [], line: 0, into: &parse)
    }

    /// The keys of `records` in sorted order (JSON objects have no order of their own).
    static func keys(of records: [JSONValue]) -> [String] {
        var keys = Set<String>()
        for record in records {
            if case .object(let object) = record { keys.formUnion(object.keys) }
        }
        return keys.sorted()
    }

    mutating func add(_ record: JSONValue, into parse: inout SourceParse) throws {
        guard let header else { return }
        defer { count += 1 }
        guard case .object(let object) = record else {
            // Not an object: every field is missing, and the row is rejected for it.
            try Self.deliver(header.map { _ in "" }, problems: [], line: count, into: &parse)
            return
        }
        var fields: [String] = []
        var problems: [CSVRecordProblem] = []
        for (index, key) in header.enumerated() {
            guard let value = object[key] else {
                fields.append("")
                continue
            }
            if let text = value.scalarText {
                fields.append(text)
            } else {
                fields.append("")
                problems.append(.nestedValue(field: index + 1, key: key))
            }
        }
        try Self.deliver(fields, problems: problems, line: count, into: &parse)
    }

    /// Fields laid back to back, as a workbook's cells are.
    mutating func add(fields: [String], into parse: inout SourceParse) throws {
        defer { count += 1 }
        try Self.deliver(fields, problems: [], line: count, into: &parse)
    }

    private static func deliver(
        _ fields: [String], problems: [CSVRecordProblem], line: Int, into parse: inout SourceParse
    ) throws {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for field in fields {
            bytes += field.utf8
            ends.append(bytes.count)
        }
        try bytes.withUnsafeBytes { raw in
            try ends.withUnsafeBufferPointer { ends in
                try parse.take(
                    .record(CSVRecordView(line: line, bytes: raw, fieldEnds: ends, problems: problems)))
            }
        }
    }
}

/// The BPS WebAPI dynamic table (`list/model/data`) as `labour_force` rows: one per mapped region
/// and year, its counts looked up in `datacontent` by vervar + var + turvar + tahun + turtahun.
struct BPSTable {
    struct Item {
        var value: String
        var label: String
    }

    var variables: Set<String>
    var regions: [Item]
    var years: [Item]
    var subVariable: String
    var subYear: String
    var content: [String: JSONValue]

    init(_ document: JSONValue, shown url: String) throws(HTTPSourceError) {
        if case .string(let availability) = document["data-availability"] ?? .null,
            availability != "available"
        {
            throw .bpsUnavailable(url: url, availability: availability)
        }
        func items(_ key: String) throws(HTTPSourceError) -> [Item] {
            guard let list = document[key]?.array else { throw .shape(url: url, "no \"\(key)\" list") }
            var items: [Item] = []
            for entry in list {
                guard let value = entry["val"]?.scalarText, !value.isEmpty else {
                    throw .shape(url: url, "an entry of \"\(key)\" has no \"val\"")
                }
                items.append(Item(value: value, label: entry["label"]?.scalarText ?? ""))
            }
            return items
        }
        variables = Set(try items("var").map(\.value))
        regions = try items("vervar")
        years = try items("tahun")
        // The table's total: the first sub-variable and the first period type (BPS lists "tanpa
        // rincian" / the yearly figure first).
        subVariable = (try? items("turvar"))?.first?.value ?? "0"
        subYear = (try? items("turtahun"))?.first?.value ?? "0"
        guard case .object(let content) = document["datacontent"] ?? .null else {
            throw .shape(url: url, "no \"datacontent\" object")
        }
        self.content = content
    }

    /// Another answer of the same table for more variables (a `{var}` URL asks one per variable).
    mutating func merge(_ other: BPSTable) {
        variables.formUnion(other.variables)
        content.merge(other.content) { first, _ in first }
    }

    /// The rows, in the order of the header `period, area, working_age_population, labour_force,
    /// unemployed`; a count the table lacks is empty, and the row parser rejects that row.
    func rows(_ location: HTTPLocation, shown url: String) throws(HTTPSourceError) -> [[String]] {
        let columns = ["working_age_population", "labour_force", "unemployed"]
        for column in columns {
            guard let id = location.variables[column], variables.contains(id) else {
                throw .shape(
                    url: url,
                    "variable \(location.variables[column] ?? "?") (\(column)) is not in the answer's \"var\" list; "
                        + "check http.variables, or ask one variable per request with {var} in the URL")
            }
        }
        let month = location.periodMonth < 10 ? "0\(location.periodMonth)" : "\(location.periodMonth)"
        var rows: [[String]] = []
        for region in regions {
            guard let area = location.areas[region.value] else { continue }
            for year in years {
                guard year.label.count == 4, Int(year.label) != nil else {
                    throw .shape(url: url, "the tahun \"\(year.label)\" is not a year")
                }
                var row = ["\(year.label)-\(month)", area]
                for column in columns {
                    let key =
                        region.value + location.variables[column, default: ""] + subVariable + year.value
                        + subYear
                    row.append(content[key]?.scalarText ?? "")
                }
                rows.append(row)
            }
        }
        return rows
    }
}
