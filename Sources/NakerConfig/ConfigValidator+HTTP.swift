import Foundation
import NakerCore

extension ConfigValidator {
    /// `http:`: where the document is, how it is shaped, and the limits of fetching it.
    mutating func httpLocation(_ raw: RawHTTP, dataset: DatasetKind?, owner: String, _ path: String)
        -> SourceLocation?
    {
        let at = "\(path).http"
        let formats = HTTPLocation.Format.allCases.map(\.rawValue).joined(separator: ", ")
        var format: HTTPLocation.Format?
        if let rawFormat = raw.format {
            format = HTTPLocation.Format(rawValue: rawFormat.text.trimmingCharacters(in: .whitespaces))
            if format == nil {
                report(
                    "\(at).format", "\"\(rawFormat.text)\" is not a format; write one of \(formats)",
                    rawFormat)
            }
        } else {
            report("\(at).format", "is required; write one of \(formats)", line: raw.line)
        }
        let owner = "source \(quoted(owner))"
        let url = urlReference(
            url: raw.url, urlFile: raw.urlFile, urlEnv: raw.urlEnv, at, owner: owner,
            what: "URL of the document",
            line: raw.line)
        var location = url.map { HTTPLocation(format: format ?? .jsonRecords, url: $0) }
        location?.headers = headers(raw.headers, "\(at).headers", owner: owner)
        if let timeout = raw.timeout, let value = positiveDuration(timeout, "\(at).timeout") {
            location?.timeout = value
        }
        if let maxBytes = raw.maxBytes, let value = byteCount(maxBytes, "\(at).max_bytes") {
            location?.maxBytes = value
        }
        if let caFile = raw.caFile { location?.caFile = filePath(caFile, "\(at).ca_file") }
        if let follow = raw.followRedirects, let flag = bool(follow, "\(at).follow_redirects") {
            location?.followRedirects = flag
        }
        location?.fieldFormat = fieldFormat(
            dateFormat: raw.dateFormat, thousandsSeparator: raw.thousandsSeparator, dataset: dataset, at)

        // Keys that belong to one format only are refused on the others, so a typo'd format shows.
        func only(_ key: String, _ value: Any?, for wanted: HTTPLocation.Format) {
            guard value != nil, let format, format != wanted else { return }
            report("\(at).\(key)", "applies to format: \(wanted.rawValue) only; remove it", line: raw.line)
        }
        only("records_path", raw.recordsPath, for: .jsonRecords)
        only("limit", raw.limit, for: .ckanDatastore)
        only("variables", raw.variables, for: .bpsWebAPI)
        only("areas", raw.areas, for: .bpsWebAPI)
        only("period_month", raw.periodMonth, for: .bpsWebAPI)

        if let recordsPath = raw.recordsPath {
            let keys = recordsPath.text.split(separator: ".", omittingEmptySubsequences: false).map(
                String.init)
            if keys.contains(where: \.isEmpty) {
                report(
                    "\(at).records_path", "write the keys to the array joined by dots, e.g. result.records",
                    recordsPath)
            } else {
                location?.recordsPath = keys
            }
        }
        if let limit = raw.limit {
            if let value = Int(limit.text.trimmingCharacters(in: .whitespaces)), (1...32_000).contains(value)
            {
                location?.pageSize = value
            } else {
                report(
                    "\(at).limit",
                    "\"\(limit.text)\" is not a page size; write a number of records from 1 to 32000",
                    limit)
            }
        }
        if format == .bpsWebAPI {
            bpsMapping(raw, dataset: dataset, at, into: &location)
        }
        return location.map { .http($0) }
    }

    private mutating func bpsMapping(
        _ raw: RawHTTP, dataset: DatasetKind?, _ at: String, into location: inout HTTPLocation?
    ) {
        if let dataset, dataset != .labourForce {
            report(
                "\(at).format", "bps_webapi gives survey figures: use it with dataset: labour_force",
                line: raw.line)
        }
        let columns = ["working_age_population", "labour_force", "unemployed"]
        var variables: [String: String] = [:]
        for (column, id) in raw.variables ?? [:] {
            guard columns.contains(column) else {
                report(
                    "\(at).variables.\(column)",
                    "is not a labour_force count column; map \(columns.joined(separator: ", ")) to BPS variable ids",
                    id)
                continue
            }
            let text = id.text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, text.allSatisfy(\.isNumber) else {
                report(
                    "\(at).variables.\(column)", "\"\(id.text)\" is not a BPS variable id; write its number",
                    id)
                continue
            }
            variables[column] = text
        }
        for column in columns where raw.variables?[column] == nil {
            report(
                "\(at).variables", "needs \(column): <BPS variable id>, the table holding that count",
                line: raw.line)
        }
        var areas: [String: String] = [:]
        for (code, area) in raw.areas ?? [:] {
            guard let name = text(area, "\(at).areas.\(code)") else { continue }
            areas[code] = name
        }
        if areas.isEmpty {
            report(
                "\(at).areas",
                "needs at least one BPS region code and its area, e.g. { \"6309\": Tabalong }", line: raw.line
            )
        }
        location?.variables = variables
        location?.areas = areas
        if let month = raw.periodMonth {
            if let value = Int(month.text.trimmingCharacters(in: .whitespaces)), (1...12).contains(value) {
                location?.periodMonth = value
            } else {
                report(
                    "\(at).period_month", "\"\(month.text)\" is not a month; write 1 to 12 (8 = August)",
                    month)
            }
        }
    }

    /// Bytes: a whole number, or with KiB, MiB or GiB (`256MiB`).
    mutating func byteCount(_ raw: ConfigScalar, _ path: String) -> Int? {
        let text = raw.text.trimmingCharacters(in: .whitespaces)
        let units: [(suffix: String, factor: Int)] = [
            ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("", 1),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            let number = text.dropLast(unit.suffix.count).trimmingCharacters(in: .whitespaces)
            if let value = Int(number), value > 0, value <= Int.max / unit.factor {
                return value * unit.factor
            }
            break
        }
        report(
            path,
            "\"\(raw.text)\" is not a size; write bytes as a number or with KiB, MiB or GiB, e.g. 256MiB", raw
        )
        return nil
    }
}
