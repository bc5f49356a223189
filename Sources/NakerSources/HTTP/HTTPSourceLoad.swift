import Foundation
import Logging
import NakerConfig
import NakerCore

extension SourceLoader {
    /// An `http:` source: its document fetched (page by page for CKAN), its records read by the
    /// same row rules as a CSV's lines. A failed request, an answer of the wrong shape or a portal
    /// changing under the read fails the whole load: its last good data stays in use.
    mutating func loadHTTP(
        _ source: SourceConfig, _ location: HTTPLocation, deadline: ContinuousClock.Instant
    )
        throws -> SourceLoad
    {
        do {
            return try fetchHTTP(source, location, deadline: deadline)
        } catch let error as HTTPSourceError {
            throw SourceLoadError.http(source: source.name, error)
        }
    }

    private mutating func fetchHTTP(
        _ source: SourceConfig, _ location: HTTPLocation, deadline: ContinuousClock.Instant
    ) throws -> SourceLoad {
        let url: String
        var headers: [(name: String, value: String)] = []
        do throws(SecretError) {
            url = try location.url.resolve()
            for (name, reference) in location.headers.sorted(by: { $0.key < $1.key }) {
                headers.append((name: name, value: try reference.resolve()))
            }
        } catch {
            throw HTTPSourceError.secret(error)
        }
        var inline = false
        if case .value = location.url.location { inline = true }
        let shown = SourceURL.shown(url, secret: !inline)
        var metadata: Logger.Metadata = ["source": .string(source.name), "url": .string(shown)]
        let fetch = HTTPFetch(location: location, headers: headers, shown: shown)
        let cached = cache.flatMap { $0.source == source ? $0 : nil }
        var parse = SourceParse(source: source, path: shown, records: true, logger: logger)
        var feed = RecordFeed()
        var validators: HTTPFetch.Validators?
        var bytes = 0

        /// The first request is conditional on the last good answer; a 304 reuses that load unparsed.
        func first(_ target: String) throws -> [UInt8]? {
            switch try fetch.get(target, validators: cached?.validators, deadline: deadline) {
            case .notModified:
                return nil
            case .document(let body, let answered):
                validators = answered
                bytes += body.count
                return body
            }
        }
        func reused() -> SourceLoad? {
            guard var load = cached?.load else { return nil }
            logger.debug("source unchanged (HTTP 304), reusing last load", metadata: metadata)
            load.reusedUnchangedFile = true
            return load
        }
        let canonical = source.dataset.columns.map(source.header(for:))

        switch location.format {
        case .jsonRecords:
            guard let body = try first(url) else { if let load = reused() { return load } else { break } }
            var records = try JSONValue.parse(body, shown: shown)
            for key in location.recordsPath {
                guard let inner = records[key] else {
                    throw HTTPSourceError.shape(
                        url: shown, "no key \"\(key)\" on the way to the records (records_path)")
                }
                records = inner
            }
            guard let list = records.array else {
                throw HTTPSourceError.shape(
                    url: shown,
                    location.recordsPath.isEmpty
                        ? "the document is not an array of records; set records_path to the array's keys"
                        : "records_path does not lead to an array")
            }
            try feed.start(columns: list.isEmpty ? canonical : RecordFeed.keys(of: list), into: &parse)
            for record in list { try feed.add(record, into: &parse) }

        case .ckanDatastore:
            var next =
                url.contains("limit=")
                ? url : url + (url.contains("?") ? "&" : "?") + "limit=\(location.pageSize)"
            var total: Int?
            var pages = 0
            while true {
                let body: [UInt8]
                if pages == 0 {
                    guard let answered = try first(next) else {
                        if let load = reused() { return load }
                        break
                    }
                    body = answered
                } else {
                    guard
                        case .document(let answered, _) = try fetch.get(
                            next, validators: nil, deadline: deadline)
                    else { break }
                    body = answered
                    bytes += body.count
                }
                pages += 1
                let page = try CKANPage(try JSONValue.parse(body, shown: shown), shown: shown)
                if let total, total != page.total {
                    throw HTTPSourceError.totalChanged(url: shown, from: total, to: page.total)
                }
                total = page.total
                try feed.start(columns: page.fields ?? RecordFeed.keys(of: page.records), into: &parse)
                for record in page.records { try feed.add(record, into: &parse) }
                if feed.count >= page.total { break }
                guard !page.records.isEmpty, let link = page.next else {
                    throw HTTPSourceError.pagingStopped(url: shown, read: feed.count, total: page.total)
                }
                guard let resolved = SourceURL.resolve(link, against: url) else {
                    throw HTTPSourceError.foreignLink(url: shown)
                }
                next = resolved
            }
            metadata["pages"] = .stringConvertible(pages)
            if feed.header == nil { try feed.start(columns: canonical, into: &parse) }

        case .bpsWebAPI:
            // One request, or one per variable when the URL has a `{var}` slot (the WebAPI serves
            // one variable per table); several answers cannot be asked conditionally as one.
            var table: BPSTable?
            if url.contains("{var}") {
                for id in Set(location.variables.values).sorted() {
                    guard
                        case .document(let body, _) = try fetch.get(
                            url.replacingOccurrences(of: "{var}", with: id), validators: nil,
                            deadline: deadline)
                    else { continue }
                    bytes += body.count
                    let answer = try BPSTable(try JSONValue.parse(body, shown: shown), shown: shown)
                    if table == nil { table = answer } else { table?.merge(answer) }
                }
            } else {
                guard let body = try first(url) else { if let load = reused() { return load } else { break } }
                table = try BPSTable(try JSONValue.parse(body, shown: shown), shown: shown)
            }
            let header = ["period", "area", "working_age_population", "labour_force", "unemployed"]
            try feed.start(columns: header.map(source.header(for:)), into: &parse)
            for row in try table?.rows(location, shown: shown) ?? [] {
                try feed.add(fields: row, into: &parse)
            }
        }
        parse.finish()
        guard let parser = parse.parser else {
            throw HTTPSourceError.shape(
                url: shown, "the server answered 304 to a request that was not conditional")
        }
        let accepted = parser.acceptedRows
        let load = SourceLoad(
            name: source.name, data: parser.data, acceptedRows: accepted,
            rejectedRows: parse.rejections.count,
            fingerprint: FileFingerprint(
                size: Int64(bytes), device: 0, inode: 0, modifiedNanoseconds: 0, changedNanoseconds: 0),
            reusedUnchangedFile: false)
        parse.rejections.summarize(accepted: accepted)
        metadata["accepted"] = .stringConvertible(accepted)
        metadata["rejected"] = .stringConvertible(parse.rejections.count)
        metadata["records"] = .stringConvertible(feed.count)
        metadata["bytes"] = .stringConvertible(bytes)
        logger.info("source loaded", metadata: metadata)
        cache = CachedLoad(source: source, load: load, settled: true, resume: nil, validators: validators)
        return load
    }
}

/// One answer of CKAN's `datastore_search`: `{"success": true, "result": {"records": [...],
/// "total": N, "fields": [{"id": …}], "_links": {"next": …}}}`.
struct CKANPage {
    var records: [JSONValue]
    var total: Int
    var fields: [String]?
    var next: String?

    init(_ document: JSONValue, shown url: String) throws(HTTPSourceError) {
        if case .bool(false) = document["success"] ?? .null {
            let message = document["error"]?["message"]?.scalarText ?? "no message"
            throw .ckanError(url: url, message: message)
        }
        guard let result = document["result"], let records = result["records"]?.array else {
            throw .shape(url: url, "no result.records array (is this a datastore_search URL?)")
        }
        guard let total = result["total"]?.integer else { throw .shape(url: url, "no result.total count") }
        self.records = records
        self.total = total
        fields = result["fields"]?.array?.compactMap { $0["id"]?.scalarText }.filter { !$0.isEmpty }
        if fields?.isEmpty == true { fields = nil }
        if case .string(let link) = result["_links"]?["next"] ?? .null { next = link }
    }
}
