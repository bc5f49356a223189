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

    /// The key naming the kind in the config: `csv`, `xlsx`.
    public var kind: String {
        switch self {
        case .csv: "csv"
        case .xlsx: "xlsx"
        case .sql: "sql"
        }
    }

    /// The file the rows are read from: a SQLite database's file; empty for a database server.
    public var path: String {
        switch self {
        case .csv(let csv): csv.path
        case .xlsx(let xlsx): xlsx.path
        case .sql(let sql):
            if case .file(let path) = sql.database { path } else { "" }
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
