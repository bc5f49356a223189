import Foundation
import NakerCore

/// Turns the raw file into a `Config`, collecting every problem instead of stopping at the first.
struct ConfigValidator {
    let baseDirectory: String
    /// For `${NAME}` in secret file paths.
    let environment: [String: String]
    let templates: any TemplateChecking
    var problems: [ConfigProblem] = []

    init(baseDirectory: String, environment: [String: String] = [:], templates: any TemplateChecking) {
        self.baseDirectory = baseDirectory
        self.environment = environment
        self.templates = templates
    }

    static let namePattern = "[a-z0-9_]+"

    mutating func validate(_ raw: RawConfig) -> Config? {
        let global = validateGlobal(raw.global)
        let validSources = validateSources(raw.sources)
        // Datasets as written, so a source with another mistake does not also fail its targets; while a
        // source's dataset is itself wrong (reported above), which targets lack data cannot be told.
        let writtenDatasets = (raw.sources ?? []).map {
            $0.dataset.flatMap { DatasetKind(rawValue: $0.text) }
        }
        let datasets = writtenDatasets.contains(nil) ? nil : Set(writtenDatasets.compactMap { $0 })
        let targets = validateTargets(raw.targets ?? [], region: global?.region, datasets: datasets)
        let sources = validSources.map { $0.keeping(attributesUsedBy: targets) }
        let receivers = validateReceivers(raw.receivers ?? [])
        let notification = validateNotification(raw.notification)
        let writtenNames = (
            targets: Set((raw.targets ?? []).compactMap { $0.name?.text }),
            sources: Set((raw.sources ?? []).compactMap { $0.name?.text })
        )
        let alerts = validateAlerts(
            raw.alerts ?? [], targets: targets, sources: sources,
            receivers: receivers.webhooks.map(\.name) + receivers.alertmanagers.map(\.name),
            written: writtenNames)
        guard let global, problems.isEmpty else { return nil }
        return Config(
            global: global, sources: sources, targets: targets, alerts: alerts, receivers: receivers.webhooks,
            alertmanagers: receivers.alertmanagers, notification: notification)
    }

    // MARK: global

    mutating func validateGlobal(_ raw: RawGlobal?) -> GlobalConfig? {
        guard let raw else {
            report("global", "is required; add `global: { region: <the region's area name> }`")
            return nil
        }
        let region = raw.region.flatMap { text($0, "global.region") }
        if raw.region == nil {
            report("global.region", "is required: the area name that means the whole region, e.g. Tabalong")
        }
        let zoneName = raw.timezone?.text ?? GlobalConfig.defaultTimeZone
        let zone = TimeZone(identifier: zoneName)
        if zone == nil {
            report(
                "global.timezone",
                "unknown time zone \"\(zoneName)\"; write an IANA name such as Asia/Makassar",
                raw.timezone)
        }
        var interval = GlobalConfig.defaultRecalcInterval
        if let rawInterval = raw.recalcInterval {
            if let parsed = positiveDuration(rawInterval, "global.recalc_interval") { interval = parsed }
        }
        guard let region, let zone else { return nil }
        return GlobalConfig(region: region, timeZone: zone, recalcInterval: interval)
    }

    // MARK: sources

    mutating func validateSources(_ raw: [RawSource]?) -> [SourceConfig] {
        guard let raw, !raw.isEmpty else {
            report("sources", "is required: list at least one source (see Config/naker-exporter.yml)")
            return []
        }
        var seen: Set<String> = []
        var sources: [SourceConfig] = []
        for (index, source) in raw.enumerated() {
            let path = "sources[\(index)]"
            let name = name(source.name, path, line: source.line)
            if let name, !seen.insert(name).inserted {
                report(
                    "\(path).name", "\"\(name)\" is used by an earlier source; names must be unique",
                    source.name)
            }
            let dataset = dataset(source.dataset, path, line: source.line)
            let location = location(source, dataset: dataset, path)
            let columns = columns(source.columns, dataset: dataset, path)
            var validityDays = JobSeekerRegistrations.defaultValidityDays
            if let validity = source.validity {
                if dataset != nil, dataset != .jobSeekers {
                    report("\(path).validity", "applies to job_seekers sources only; remove it", validity)
                } else if let days = wholeDays(validity, "\(path).validity") {
                    validityDays = days
                }
            }
            let timeout = source.timeout.flatMap { positiveDuration($0, "\(path).timeout") }
            if let name, let dataset, let location {
                sources.append(
                    SourceConfig(
                        name: name, dataset: dataset, location: location, columns: columns,
                        validityDays: validityDays, timeout: timeout ?? SourceConfig.defaultTimeout))
            }
        }
        return sources
    }

    mutating func dataset(_ raw: ConfigScalar?, _ path: String, line: Int?) -> DatasetKind? {
        guard let raw else {
            report("\(path).dataset", "is required; write one of \(DatasetKind.allNames)", line: line)
            return nil
        }
        guard let kind = DatasetKind(rawValue: raw.text) else {
            report(
                "\(path).dataset", "unknown dataset \"\(raw.text)\"; write one of \(DatasetKind.allNames)",
                raw)
            return nil
        }
        return kind
    }

    /// Exactly one source kind: `csv:` or `xlsx:`.
    mutating func location(_ source: RawSource, dataset: DatasetKind?, _ path: String) -> SourceLocation? {
        let kinds = [
            source.csv.map { _ in "csv" }, source.xlsx.map { _ in "xlsx" }, source.sql.map { _ in "sql" },
            source.http.map { _ in "http" },
        ]
        .compactMap { $0 }
        guard kinds.count == 1 else {
            if kinds.isEmpty {
                report(
                    path,
                    "needs where its rows come from: `csv: { path: <file> }`, `xlsx: { path: <file>, sheet: <name> }`"
                        + ", `sql: { driver: postgresql, dsn_file: <file>, table: <name> }` "
                        + "or `http: { format: json_records, url_file: <file> }`",
                    line: source.line)
            } else {
                report(
                    path,
                    "has both \(kinds.joined(separator: " and ")); a source reads one of them, keep one",
                    line: source.line)
            }
            return nil
        }
        if let xlsx = source.xlsx { return xlsxLocation(xlsx, dataset: dataset, path) }
        if let sql = source.sql { return sqlLocation(sql, owner: source.name?.text ?? path, path) }
        if let http = source.http {
            return httpLocation(http, dataset: dataset, owner: source.name?.text ?? path, path)
        }
        return source.csv.flatMap { csvLocation($0, dataset: dataset, path) }
    }

    /// A source file's path, resolved against the config file's directory.
    mutating func filePath(_ raw: ConfigScalar?, _ path: String, what: String, line: Int?) -> String? {
        guard let raw else {
            report(path, "is required: the \(what)'s path", line: line)
            return nil
        }
        return filePath(raw, path)
    }

    mutating func xlsxLocation(_ raw: RawXLSX, dataset: DatasetKind?, _ path: String) -> SourceLocation? {
        let filePath = filePath(raw.path, "\(path).xlsx.path", what: "workbook (.xlsx)", line: raw.line)
        var sheet = SheetSelector.index(1)
        if let rawSheet = raw.sheet {
            let text = rawSheet.text
            if !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
                if let index = Int(text), (1...10_000).contains(index) {
                    sheet = .index(index)
                } else {
                    report(
                        "\(path).xlsx.sheet",
                        "sheet number \(text) does not exist in any workbook; the first sheet is 1", rawSheet)
                }
            } else if text.trimmingCharacters(in: .whitespaces).isEmpty {
                report(
                    "\(path).xlsx.sheet", "must not be empty; write the sheet's tab name or its number",
                    rawSheet)
            } else {
                sheet = .name(text)
            }
        }
        var headerRow = 1
        if let rawRow = raw.headerRow {
            if let row = Int(rawRow.text.trimmingCharacters(in: .whitespaces)), (1...1_048_576).contains(row)
            {
                headerRow = row
            } else {
                report(
                    "\(path).xlsx.header_row",
                    "\"\(rawRow.text)\" is not a row number; write the 1-based row holding the column names, e.g. 1",
                    rawRow)
            }
        }
        let format = fieldFormat(
            dateFormat: raw.dateFormat, thousandsSeparator: raw.thousandsSeparator, dataset: dataset,
            "\(path).xlsx")
        guard let filePath else { return nil }
        return .xlsx(XLSXLocation(path: filePath, sheet: sheet, headerRow: headerRow, format: format))
    }

    mutating func sqlLocation(_ raw: RawSQL, owner: String, _ path: String) -> SourceLocation? {
        let drivers = SQLLocation.Driver.allCases.map(\.rawValue).joined(separator: ", ")
        guard let rawDriver = raw.driver else {
            report("\(path).sql.driver", "is required; write one of \(drivers)", line: raw.line)
            return nil
        }
        guard let driver = SQLLocation.Driver(rawValue: rawDriver.text.lowercased()) else {
            let hint = rawDriver.text.lowercased() == "mariadb" ? " (mysql reads MariaDB too)" : ""
            report(
                "\(path).sql.driver", "unknown driver \"\(rawDriver.text)\"; write one of \(drivers)\(hint)",
                rawDriver)
            return nil
        }
        let given = [("dsn", raw.dsn), ("dsn_file", raw.dsnFile), ("dsn_env", raw.dsnEnv)].filter {
            $0.1 != nil
        }
        var database: SQLLocation.Database?
        if given.count != 1 {
            report(
                "\(path).sql",
                given.isEmpty
                    ? "needs the database: dsn_file: <file holding the URL>, dsn_env: <variable>, or dsn: "
                        + (driver == .sqlite ? "<the database file>" : "<URL without a password>")
                    : "give the database once: one of dsn, dsn_file, dsn_env", line: raw.line)
        } else if let scalar = raw.dsn {
            if driver == .sqlite {
                database = filePath(scalar, "\(path).sql.dsn").map { .file($0) }
            } else if Self.urlHoldsPassword(scalar.text) {
                // The value is not repeated: it holds a password.
                report(
                    "\(path).sql.dsn",
                    "holds a password; put the URL in a file (dsn_file) or the environment (dsn_env) instead",
                    scalar)
            } else {
                database = .server(
                    SecretReference(.value(scalar.text), owner: "source '\(owner)'", field: "dsn"))
            }
        } else if driver == .sqlite {
            // A SQLite database is a file: its path is no secret.
            report("\(path).sql", "for sqlite, write the database file's path as dsn: <file>", line: raw.line)
        } else if let scalar = raw.dsnFile {
            database = filePath(scalar, "\(path).sql.dsn_file").map {
                .server(SecretReference(.file($0), owner: "source '\(owner)'", field: "dsn"))
            }
        } else if let scalar = raw.dsnEnv {
            database = environmentName(scalar, "\(path).sql.dsn_env").map {
                .server(SecretReference(.environment($0), owner: "source '\(owner)'", field: "dsn"))
            }
        }
        var relation: SQLLocation.Relation?
        switch (raw.table, raw.query) {
        case (let table?, nil):
            if Self.isTableName(table.text) {
                relation = .table(table.text)
            } else {
                report(
                    "\(path).sql.table",
                    "\"\(table.text)\" is not a table name; write letters, digits and _ (schema.table allowed), "
                        + "or use query:", table)
            }
        case (nil, let query?):
            let text = query.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let first = text.prefix { $0.isLetter }.lowercased()
            if first == "select" || first == "with" {
                relation = .query(text.hasSuffix(";") ? String(text.dropLast()) : text)
            } else {
                report("\(path).sql.query", "must be one SELECT (or WITH … SELECT) statement", query)
            }
        case (nil, nil):
            report("\(path).sql", "needs table: <name> or query: \"SELECT …\"", line: raw.line)
        case (_?, _?):
            report("\(path).sql", "give table or query, not both", line: raw.line)
        }
        guard let database, let relation else { return nil }
        return .sql(SQLLocation(driver: driver, database: database, relation: relation))
    }

    /// `scheme://user:password@host`: a URL with a password after the user.
    static func urlHoldsPassword(_ text: String) -> Bool {
        guard let scheme = text.range(of: "://") else { return text.contains("password=") }
        let authority = text[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@") else { return text.contains("password=") }
        return authority[..<at].contains(":") || text.contains("password=")
    }

    static func isTableName(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count)
            && parts.allSatisfy { part in
                !part.isEmpty && part.first.map { !$0.isNumber } == true
                    && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            }
    }

    mutating func csvLocation(_ raw: RawCSV, dataset: DatasetKind?, _ path: String) -> SourceLocation? {
        guard let filePath = filePath(raw.path, "\(path).csv.path", what: "CSV file", line: raw.line) else {
            return nil
        }
        var delimiter = UInt8(ascii: ",")
        if let rawDelimiter = raw.delimiter {
            let bytes = Array(rawDelimiter.text.utf8)
            let forbidden: Set<UInt8> = [UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0]
            if bytes.count == 1, bytes[0] < 0x80, !forbidden.contains(bytes[0]) {
                delimiter = bytes[0]
            } else {
                report(
                    "\(path).csv.delimiter",
                    "must be one ASCII character such as \",\" or \";\" (a tab is \"\\t\" in double quotes)",
                    rawDelimiter)
            }
        }
        var encoding = TextEncoding.utf8
        if let rawEncoding = raw.encoding {
            if let known = TextEncoding(rawValue: rawEncoding.text.lowercased()) {
                encoding = known
            } else {
                report(
                    "\(path).csv.encoding",
                    "unknown encoding \"\(rawEncoding.text)\"; write utf-8 (\"CSV UTF-8\") or windows-1252 "
                        + "(what Excel on Windows saves as \"CSV\"; "
                        + "a Latin-1 file reads correctly as windows-1252)", rawEncoding)
            }
        }
        let format = fieldFormat(
            dateFormat: raw.dateFormat, thousandsSeparator: raw.thousandsSeparator, dataset: dataset,
            "\(path).csv")
        return .csv(CSVLocation(path: filePath, delimiter: delimiter, encoding: encoding, format: format))
    }

    /// `date_format` and `thousands_separator` of a file source; each applies only to a dataset
    /// with such columns, so that a key that would change nothing is not silently ignored.
    mutating func fieldFormat(
        dateFormat rawDate: ConfigScalar?, thousandsSeparator rawSeparator: ConfigScalar?,
        dataset: DatasetKind?, _ path: String
    ) -> FieldFormat {
        var format = FieldFormat()
        if let rawDate {
            if dataset == .labourForce {
                report(
                    "\(path).date_format",
                    "labour_force has no date columns (period is always YYYY-MM); remove it", rawDate)
            } else if let known = DateFormat(
                rawValue: rawDate.text.trimmingCharacters(in: .whitespaces).uppercased())
            {
                format.dateFormat = known
            } else {
                report(
                    "\(path).date_format",
                    "unknown date format \"\(rawDate.text)\"; write one of \(DateFormat.allNames)", rawDate)
            }
        }
        if let rawSeparator {
            if dataset != nil, dataset != .labourForce {
                report(
                    "\(path).thousands_separator",
                    "applies to the count columns of labour_force sources only; remove it", rawSeparator)
            } else if rawSeparator.text == "." || rawSeparator.text == "," {
                format.thousandsSeparator = rawSeparator.text.utf8.first
            } else {
                report(
                    "\(path).thousands_separator",
                    "must be \".\" (Indonesian notation, 139.540) or \",\" (English, 139,540)", rawSeparator)
            }
        }
        return format
    }

    mutating func columns(_ raw: [String: ConfigScalar]?, dataset: DatasetKind?, _ path: String)
        -> [String: String]
    {
        guard let raw else { return [:] }
        var columns: [String: String] = [:]
        for (canonical, header) in raw.sorted(by: { $0.key < $1.key }) {
            if let dataset, !dataset.columns.contains(canonical) {
                report(
                    "\(path).columns.\(canonical)",
                    "\(dataset.rawValue) has no column \"\(canonical)\"; map one of \(dataset.columns.joined(separator: ", "))",
                    header)
            } else if let headerText = text(header, "\(path).columns.\(canonical)") {
                if let other = columns.first(where: { $0.value == headerText })?.key {
                    report(
                        "\(path).columns.\(canonical)",
                        "\"\(headerText)\" is already the column of \(other); each file column can be mapped once",
                        header)
                }
                columns[canonical] = headerText
            }
        }
        return columns
    }
}

extension DatasetKind {
    static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
