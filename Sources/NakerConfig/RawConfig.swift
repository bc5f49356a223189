import Yams

/// The config file as written: every key the format has, every leaf still text.
/// `ConfigValidator` turns it into a `Config`.
struct RawConfig: Decodable {
    var global: RawGlobal?
    var sources: [RawSource]?
    var targets: [RawTarget]?
    var alerts: [RawAlert]?
    var receivers: [RawReceiver]?
    var notification: RawNotification?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case global, sources, targets, alerts, receivers, notification
    }

    init(from decoder: any Decoder) throws {
        try ConfigKeyCheck.check(decoder, known: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        global = try container.decodeIfPresent(RawGlobal.self, forKey: .global)
        sources = try container.decodeIfPresent([RawSource].self, forKey: .sources)
        targets = try container.decodeIfPresent([RawTarget].self, forKey: .targets)
        alerts = try container.decodeIfPresent([RawAlert].self, forKey: .alerts)
        receivers = try container.decodeIfPresent([RawReceiver].self, forKey: .receivers)
        notification = try container.decodeIfPresent(RawNotification.self, forKey: .notification)
    }
}

struct RawGlobal: Decodable {
    var region: ConfigScalar?
    var timezone: ConfigScalar?
    var recalcInterval: ConfigScalar?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case region, timezone
        case recalcInterval = "recalc_interval"
    }

    init(from decoder: any Decoder) throws {
        try ConfigKeyCheck.check(decoder, known: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        region = try container.decodeIfPresent(ConfigScalar.self, forKey: .region)
        timezone = try container.decodeIfPresent(ConfigScalar.self, forKey: .timezone)
        recalcInterval = try container.decodeIfPresent(ConfigScalar.self, forKey: .recalcInterval)
    }
}

struct RawSource: Decodable {
    var name: ConfigScalar?
    var dataset: ConfigScalar?
    var csv: RawCSV?
    var xlsx: RawXLSX?
    var sql: RawSQL?
    var http: RawHTTP?
    var columns: [String: ConfigScalar]?
    var validity: ConfigScalar?
    var timeout: ConfigScalar?
    var line: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, dataset, csv, xlsx, sql, http, columns, validity, timeout
    }

    init(from decoder: any Decoder) throws {
        try ConfigKeyCheck.check(decoder, known: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(ConfigScalar.self, forKey: .name)
        dataset = try container.decodeIfPresent(ConfigScalar.self, forKey: .dataset)
        csv = try container.decodeIfPresent(RawCSV.self, forKey: .csv)
        xlsx = try container.decodeIfPresent(RawXLSX.self, forKey: .xlsx)
        sql = try container.decodeIfPresent(RawSQL.self, forKey: .sql)
        http = try container.decodeIfPresent(RawHTTP.self, forKey: .http)
        columns = try container.decodeIfPresent([String: ConfigScalar].self, forKey: .columns)
        validity = try container.decodeIfPresent(ConfigScalar.self, forKey: .validity)
        timeout = try container.decodeIfPresent(ConfigScalar.self, forKey: .timeout)
        line = decoder.mark?.line
    }
}

struct RawCSV: Decodable {
    var path: ConfigScalar?
    var delimiter: ConfigScalar?
    var encoding: ConfigScalar?
    var dateFormat: ConfigScalar?
    var thousandsSeparator: ConfigScalar?
    var line: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case path, delimiter, encoding
        case dateFormat = "date_format"
        case thousandsSeparator = "thousands_separator"
    }

    init(from decoder: any Decoder) throws {
        try ConfigKeyCheck.check(decoder, known: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decodeIfPresent(ConfigScalar.self, forKey: .path)
        delimiter = try container.decodeIfPresent(ConfigScalar.self, forKey: .delimiter)
        encoding = try container.decodeIfPresent(ConfigScalar.self, forKey: .encoding)
        dateFormat = try container.decodeIfPresent(ConfigScalar.self, forKey: .dateFormat)
        thousandsSeparator = try container.decodeIfPresent(ConfigScalar.self, forKey: .thousandsSeparator)
        line = decoder.mark?.line
    }
}

struct RawXLSX: Decodable {
    var path: ConfigScalar?
    var sheet: ConfigScalar?
    var headerRow: ConfigScalar?
    var dateFormat: ConfigScalar?
    var thousandsSeparator: ConfigScalar?
    var line: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case path, sheet
        case headerRow = "header_row"
        case dateFormat = "date_format"
        case thousandsSeparator = "thousands_separator"
    }

    init(from decoder: any Decoder) throws {
        try ConfigKeyCheck.check(decoder, known: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decodeIfPresent(ConfigScalar.self, forKey: .path)
        sheet = try container.decodeIfPresent(ConfigScalar.self, forKey: .sheet)
        headerRow = try container.decodeIfPresent(ConfigScalar.self, forKey: .headerRow)
        dateFormat = try container.decodeIfPresent(ConfigScalar.self, forKey: .dateFormat)
        thousandsSeparator = try container.decodeIfPresent(ConfigScalar.self, forKey: .thousandsSeparator)
        line = decoder.mark?.line
    }
}

struct RawSQL: Decodable {
    var driver: ConfigScalar?
    var dsn: ConfigScalar?
    var dsnFile: ConfigScalar?
    var dsnEnv: ConfigScalar?
    var table: ConfigScalar?
    var query: ConfigScalar?
    var line: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case driver, dsn, table, query
        case dsnFile = "dsn_file"
        case dsnEnv = "dsn_env"
    }

    init(from decoder: any Decoder) throws {
        try ConfigKeyCheck.check(decoder, known: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        driver = try container.decodeIfPresent(ConfigScalar.self, forKey: .driver)
        dsn = try container.decodeIfPresent(ConfigScalar.self, forKey: .dsn)
        dsnFile = try container.decodeIfPresent(ConfigScalar.self, forKey: .dsnFile)
        dsnEnv = try container.decodeIfPresent(ConfigScalar.self, forKey: .dsnEnv)
        table = try container.decodeIfPresent(ConfigScalar.self, forKey: .table)
        query = try container.decodeIfPresent(ConfigScalar.self, forKey: .query)
        line = decoder.mark?.line
    }
}

struct RawHTTP: Decodable {
    var format: ConfigScalar?
    var url: ConfigScalar?
    var urlFile: ConfigScalar?
    var urlEnv: ConfigScalar?
    var headers: [String: RawSecret]?
    var timeout: ConfigScalar?
    var maxBytes: ConfigScalar?
    var caFile: ConfigScalar?
    var followRedirects: ConfigScalar?
    var recordsPath: ConfigScalar?
    var limit: ConfigScalar?
    var variables: [String: ConfigScalar]?
    var areas: [String: ConfigScalar]?
    var periodMonth: ConfigScalar?
    var dateFormat: ConfigScalar?
    var thousandsSeparator: ConfigScalar?
    var line: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case format, url, headers, timeout, limit, variables, areas
        case urlFile = "url_file"
        case urlEnv = "url_env"
        case maxBytes = "max_bytes"
        case caFile = "ca_file"
        case followRedirects = "follow_redirects"
        case recordsPath = "records_path"
        case periodMonth = "period_month"
        case dateFormat = "date_format"
        case thousandsSeparator = "thousands_separator"
    }

    init(from decoder: any Decoder) throws {
        try ConfigKeyCheck.check(decoder, known: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decodeIfPresent(ConfigScalar.self, forKey: .format)
        url = try container.decodeIfPresent(ConfigScalar.self, forKey: .url)
        urlFile = try container.decodeIfPresent(ConfigScalar.self, forKey: .urlFile)
        urlEnv = try container.decodeIfPresent(ConfigScalar.self, forKey: .urlEnv)
        headers = try container.decodeIfPresent([String: RawSecret].self, forKey: .headers)
        timeout = try container.decodeIfPresent(ConfigScalar.self, forKey: .timeout)
        maxBytes = try container.decodeIfPresent(ConfigScalar.self, forKey: .maxBytes)
        caFile = try container.decodeIfPresent(ConfigScalar.self, forKey: .caFile)
        followRedirects = try container.decodeIfPresent(ConfigScalar.self, forKey: .followRedirects)
        recordsPath = try container.decodeIfPresent(ConfigScalar.self, forKey: .recordsPath)
        limit = try container.decodeIfPresent(ConfigScalar.self, forKey: .limit)
        variables = try container.decodeIfPresent([String: ConfigScalar].self, forKey: .variables)
        areas = try container.decodeIfPresent([String: ConfigScalar].self, forKey: .areas)
        periodMonth = try container.decodeIfPresent(ConfigScalar.self, forKey: .periodMonth)
        dateFormat = try container.decodeIfPresent(ConfigScalar.self, forKey: .dateFormat)
        thousandsSeparator = try container.decodeIfPresent(ConfigScalar.self, forKey: .thousandsSeparator)
        line = decoder.mark?.line
    }
}

struct RawTarget: Decodable {
    var name: ConfigScalar?
    var description: ConfigScalar?
    var indicator: ConfigScalar?
    var filters: [String: ConfigScalar]?
    var area: ConfigScalar?
    var goal: ConfigScalar?
    var direction: ConfigScalar?
    var start: ConfigScalar?
    var end: ConfigScalar?
    var milestones: [String: ConfigScalar]?
    var line: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, indicator, area, goal, direction, start, end, milestones
        case filters = "where"
    }

    init(from decoder: any Decoder) throws {
        try ConfigKeyCheck.check(decoder, known: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(ConfigScalar.self, forKey: .name)
        description = try container.decodeIfPresent(ConfigScalar.self, forKey: .description)
        indicator = try container.decodeIfPresent(ConfigScalar.self, forKey: .indicator)
        filters = try container.decodeIfPresent([String: ConfigScalar].self, forKey: .filters)
        area = try container.decodeIfPresent(ConfigScalar.self, forKey: .area)
        goal = try container.decodeIfPresent(ConfigScalar.self, forKey: .goal)
        direction = try container.decodeIfPresent(ConfigScalar.self, forKey: .direction)
        start = try container.decodeIfPresent(ConfigScalar.self, forKey: .start)
        end = try container.decodeIfPresent(ConfigScalar.self, forKey: .end)
        milestones = try container.decodeIfPresent([String: ConfigScalar].self, forKey: .milestones)
        line = decoder.mark?.line
    }
}

/// A scalar exactly as written, with its position, so validation can parse it and say where it is.
///
/// Every leaf of the raw config is one of these: type errors become problems to report with the
/// others instead of a decoding failure that hides the rest.
struct ConfigScalar: Decodable, Hashable {
    var text: String
    var line: Int?
    var column: Int?

    init(from decoder: any Decoder) throws {
        text = try decoder.singleValueContainer().decode(String.self)
        line = decoder.mark?.line
        column = decoder.mark?.column
    }

    init(_ text: String) {
        self.text = text
    }
}
