import NakerCore

/// One validated entry of `sources:`.
public struct SourceConfig: Hashable, Sendable {
    public var name: String
    public var dataset: DatasetKind
    public var location: SourceLocation
    /// Canonical column name → the column's header in the file (`columns:`); unnamed ones keep
    /// their canonical name.
    public var columns: [String: String]
    /// AK/I card validity in days (job seekers only; default `JobSeekerRegistrations.defaultValidityDays`).
    public var validityDays: Int
    /// The attribute columns whose values are kept (`DatasetKind.attributeColumns`); the others
    /// are read for validation only, so groups stay few.
    public var keptAttributes: Set<String>
    /// How long one load may take before it counts as failed (`timeout:`); a reader stuck past it
    /// in the kernel (a dead network share) is abandoned.
    public var timeout: Duration

    public static let defaultTimeout = Duration.seconds(300)

    /// When a load still running is abandoned: its timeout, and a second of grace for a reader
    /// that stops by itself at the deadline.
    public var abandonAfter: Duration { timeout + .seconds(1) }

    public init(
        name: String, dataset: DatasetKind, location: SourceLocation, columns: [String: String] = [:],
        validityDays: Int = JobSeekerRegistrations.defaultValidityDays, keptAttributes: Set<String>? = nil,
        timeout: Duration = defaultTimeout
    ) {
        self.timeout = timeout
        self.name = name
        self.dataset = dataset
        self.location = location
        self.columns = columns
        self.validityDays = validityDays
        self.keptAttributes = keptAttributes ?? Set(dataset.attributeColumns)
    }

    /// Keeps the columns the metrics are labelled by and those a target's `where:` names.
    public func keeping(attributesUsedBy targets: [Target]) -> SourceConfig {
        var copy = self
        copy.keptAttributes = Set(dataset.labelColumns)
        for target in targets where target.indicator.filterableDataset == dataset {
            copy.keptAttributes.formUnion(target.filters.keys)
        }
        return copy
    }

    /// How the source writes dates and counts.
    public var format: FieldFormat {
        switch location {
        case .csv(let csv): csv.format
        case .xlsx(let xlsx): xlsx.format
        case .sql: FieldFormat()
        case .http(let http): http.fieldFormat
        }
    }

    /// The header to look for in the file for a canonical column.
    public func header(for canonical: String) -> String {
        columns[canonical] ?? canonical
    }
}

/// Where a source's rows come from.
public enum SourceLocation: Hashable, Sendable {
    case csv(CSVLocation)
    case xlsx(XLSXLocation)
    case sql(SQLLocation)
    case http(HTTPLocation)

    /// The key naming the kind in the config: `csv`, `xlsx`.
    public var kind: String {
        switch self {
        case .csv: "csv"
        case .xlsx: "xlsx"
        case .sql: "sql"
        case .http: "http"
        }
    }

    /// The file the rows are read from: a SQLite database's file; empty for a database server or
    /// an HTTP endpoint.
    public var path: String {
        switch self {
        case .csv(let csv): csv.path
        case .xlsx(let xlsx): xlsx.path
        case .sql(let sql):
            if case .file(let path) = sql.database { path } else { "" }
        case .http: ""
        }
    }
}

public struct CSVLocation: Hashable, Sendable {
    /// Absolute; relative paths in the file are resolved against the config file's directory.
    public var path: String
    /// One ASCII byte; `,` by default.
    public var delimiter: UInt8
    /// How the file's bytes are text; a UTF-8 byte-order mark overrides it.
    public var encoding: TextEncoding
    public var format: FieldFormat

    public init(
        path: String, delimiter: UInt8 = UInt8(ascii: ","), encoding: TextEncoding = .utf8,
        format: FieldFormat = FieldFormat()
    ) {
        self.path = path
        self.delimiter = delimiter
        self.encoding = encoding
        self.format = format
    }
}

/// An Office Open XML workbook (`xlsx:`): one sheet of it, its header on `headerRow`.
public struct XLSXLocation: Hashable, Sendable {
    /// Absolute, as for CSV.
    public var path: String
    public var sheet: SheetSelector
    /// The 1-based row holding the column names; rows above it (a title, a logo) are ignored.
    public var headerRow: Int
    public var format: FieldFormat

    public init(
        path: String, sheet: SheetSelector = .index(1), headerRow: Int = 1,
        format: FieldFormat = FieldFormat()
    ) {
        self.path = path
        self.sheet = sheet
        self.headerRow = headerRow
        self.format = format
    }
}

/// A table or query of a database (`sql:`); the rows are reduced to counts by the database.
public struct SQLLocation: Hashable, Sendable {
    public enum Driver: String, CaseIterable, Hashable, Sendable {
        case postgresql, mysql, sqlite
    }

    public enum Database: Hashable, Sendable {
        /// A server: its connection URL (`postgresql://…`, `mysql://…`), which may hold a password.
        case server(SecretReference)
        /// A SQLite database file, absolute.
        case file(String)
    }

    /// What the rows are.
    public enum Relation: Hashable, Sendable {
        /// A table or view, `name` or `schema.name`.
        case table(String)
        /// A `SELECT` whose columns are named as a table's would be.
        case query(String)
    }

    public var driver: Driver
    public var database: Database
    public var relation: Relation

    public init(driver: Driver, database: Database, relation: Relation) {
        self.driver = driver
        self.database = database
        self.relation = relation
    }
}

/// A JSON document over HTTP (`http:`), fetched with libcurl: records, a CKAN datastore's pages, or
/// a BPS WebAPI table.
public struct HTTPLocation: Hashable, Sendable {
    public enum Format: String, CaseIterable, Hashable, Sendable {
        /// An array of objects, or the array at `recordsPath`.
        case jsonRecords = "json_records"
        /// CKAN's `datastore_search`, page by page.
        case ckanDatastore = "ckan_datastore"
        /// The BPS WebAPI dynamic table (`list/model/data`).
        case bpsWebAPI = "bps_webapi"
    }

    public static let defaultTimeout = Duration.seconds(30)
    public static let defaultMaxBytes = 256 * 1024 * 1024
    public static let defaultPageSize = 1000

    public var format: Format
    /// A secret: keys and tokens sit in URLs (the BPS key is a path segment).
    public var url: SecretReference
    public var headers: [String: SecretReference]
    /// Per request; the source's `timeout:` bounds the whole load.
    public var timeout: Duration
    /// A body larger than this is refused, not read on.
    public var maxBytes: Int
    public var caFile: String?
    public var followRedirects: Bool
    /// `json_records`: the keys leading to the array (`records_path: result.records`); empty: the
    /// document is the array.
    public var recordsPath: [String]
    /// `ckan_datastore`: records asked for per page (`limit`).
    public var pageSize: Int
    /// `bps_webapi`: canonical `labour_force` column → the BPS variable id holding it.
    public var variables: [String: String]
    /// `bps_webapi`: BPS vertical-variable code (a region's code) → area name.
    public var areas: [String: String]
    /// `bps_webapi`: the month of each year's survey period (August, Sakernas' main round).
    public var periodMonth: Int
    /// How dates and counts are written in string values (`date_format`, `thousands_separator`).
    public var fieldFormat: FieldFormat

    public init(
        format: Format, url: SecretReference, headers: [String: SecretReference] = [:],
        timeout: Duration = defaultTimeout, maxBytes: Int = defaultMaxBytes, caFile: String? = nil,
        followRedirects: Bool = false, recordsPath: [String] = [], pageSize: Int = defaultPageSize,
        variables: [String: String] = [:], areas: [String: String] = [:], periodMonth: Int = 8,
        fieldFormat: FieldFormat = FieldFormat()
    ) {
        self.format = format
        self.url = url
        self.headers = headers
        self.timeout = timeout
        self.maxBytes = maxBytes
        self.caFile = caFile
        self.followRedirects = followRedirects
        self.recordsPath = recordsPath
        self.pageSize = pageSize
        self.variables = variables
        self.areas = areas
        self.periodMonth = periodMonth
        self.fieldFormat = fieldFormat
    }
}

/// Which sheet of a workbook a source reads.
public enum SheetSelector: Hashable, Sendable, CustomStringConvertible {
    /// The sheet's tab name, exactly (case and spaces included).
    case name(String)
    /// 1-based position among the workbook's sheets, hidden ones included, as in the tab bar.
    case index(Int)

    public var description: String {
        switch self {
        case .name(let name): "\"\(name)\""
        case .index(let index): "number \(index)"
        }
    }
}

/// The character encoding of a text source (`encoding:`).
public enum TextEncoding: String, CaseIterable, Hashable, Sendable {
    case utf8 = "utf-8"
    /// What Excel on Windows saves as "CSV": one byte per character, the WHATWG mapping.
    case windows1252 = "windows-1252"
}

/// How values are written in a source's cells, for sources exported in a local convention.
public struct FieldFormat: Hashable, Sendable {
    /// The form of every date column (`date_format:`).
    public var dateFormat: DateFormat
    /// The digit grouping in the count columns of `labour_force` (`thousands_separator:`), "139.540";
    /// nil: digits only.
    public var thousandsSeparator: UInt8?

    public init(dateFormat: DateFormat = .iso, thousandsSeparator: UInt8? = nil) {
        self.dateFormat = dateFormat
        self.thousandsSeparator = thousandsSeparator
    }
}
