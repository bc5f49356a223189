import ArgumentParser
import Foundation
import NakerConfig
import NakerSources

/// `check-config`: 0 on a valid file, else 1 with every problem named by key path.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a config file; exit 0 when valid, else 1 with every problem by key path."
    )

    @OptionGroup var config: ConfigFileOption

    func run() throws {
        let loaded = try config.load()
        // Each DSN is read once: its problem decides both a warning and an error below.
        let dsnProblems = Self.dsnProblems(loaded)
        // Missing data or secret files are not config errors (a source reports down, a delivery
        // retries), and the file may be installed later; say so now all the same.
        for warning in Self.unreadableFiles(loaded, dsnProblems: dsnProblems) {
            printError("warning: \(warning)")
        }
        // A workbook that is there but lacks the sheet, and a DSN file that is missing or holds
        // what the driver cannot read, are mistakes in the config.
        let problems = Self.missingSheets(loaded) + Self.databaseProblems(loaded, dsnProblems: dsnProblems)
        if !problems.isEmpty {
            for problem in problems { printError(problem) }
            throw ExitCode(1)
        }
        let counts = [
            (loaded.sources.count, "source"), (loaded.targets.count, "target"),
            (loaded.alerts.count, "alert"),
            (loaded.receivers.count, "receiver"),
        ]
        print(
            "\(config.path): valid ("
                + counts.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }.joined(separator: ", ") + ")")
    }

    /// Sources whose workbook can be opened but has no such sheet.
    static func missingSheets(_ config: Config) -> [String] {
        config.sources.enumerated().compactMap { index, source in
            guard case .xlsx(let xlsx) = source.location,
                let names = try? XLSXReader.sheetNames(path: xlsx.path)
            else { return nil }
            let exists: Bool
            switch xlsx.sheet {
            case .name(let name): exists = names.contains(name)
            case .index(let number): exists = names.indices.contains(number - 1)
            }
            guard !exists else { return nil }
            let error = XLSXError.noSuchSheet(path: xlsx.path, sheet: xlsx.sheet, available: names)
            return "sources[\(index)].xlsx.sheet: \(error)"
        }
    }

    /// What each database source's DSN lacks, told without connecting, by source index.
    static func dsnProblems(_ config: Config) -> [Int: SQLError] {
        var problems: [Int: SQLError] = [:]
        for (index, source) in config.sources.enumerated() {
            if case .sql(let sql) = source.location { problems[index] = sql.problemBeforeConnecting() }
        }
        return problems
    }

    /// Database sources whose DSN cannot be used. An unset variable is left to the warnings: the
    /// service's environment is not this shell's.
    static func databaseProblems(_ config: Config, dsnProblems: [Int: SQLError]) -> [String] {
        config.sources.enumerated().compactMap { index, source in
            guard case .sql(let sql) = source.location, let problem = dsnProblems[index] else {
                return nil
            }
            if case .secret(.environmentUnset) = problem { return nil }
            var key = "dsn"
            if case .server(let reference) = sql.database {
                switch reference.location {
                case .file: key = "dsn_file"
                case .environment: key = "dsn_env"
                case .value: key = "dsn"
                }
            }
            return "sources[\(index)].sql.\(key): \(problem)"
        }
    }

    /// An `http:` source's URL and CA file as this shell sees them (the value is never shown).
    static func httpWarnings(_ http: HTTPLocation, at key: String, source: String) -> [String] {
        var warnings: [String] = []
        let urlKey: String
        switch http.url.location {
        case .value: urlKey = "url"
        case .file: urlKey = "url_file"
        case .environment: urlKey = "url_env"
        }
        switch Result(catching: { () throws(SecretError) in try http.url.resolve() }) {
        case .failure(let error):
            warnings.append("\(key).\(urlKey): \(error); source \(source) will report naker_source_up 0")
        case .success(let url):
            let scheme = url.lowercased()
            if !scheme.hasPrefix("http://") && !scheme.hasPrefix("https://") {
                warnings.append(
                    "\(key).\(urlKey): the URL does not start with http:// or https:// (not shown: it may hold "
                        + "a key); source \(source) will report naker_source_up 0")
            }
        }
        if let caFile = http.caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            warnings.append(
                "\(key).ca_file: \(caFile) is not readable; source \(source) will report naker_source_up 0")
        }
        return warnings
    }

    static func unreadableFiles(_ config: Config, dsnProblems: [Int: SQLError]) -> [String] {
        var warnings: [String] = []
        for (index, source) in config.sources.enumerated() {
            if case .http(let http) = source.location {
                warnings += httpWarnings(http, at: "sources[\(index)].http", source: source.name)
                continue
            }
            if case .sql(let sql) = source.location, case .server = sql.database {
                if case .secret(.environmentUnset(_, _, let variable)) = dsnProblems[index] {
                    warnings.append(
                        "sources[\(index)].sql.dsn_env: \(variable) is not set here; source \(source.name) "
                            + "will report naker_source_up 0 unless the service's environment sets it")
                }
                continue
            }
            let key =
                "sources[\(index)].\(source.location.kind == "sql" ? "sql.dsn" : source.location.kind + ".path")"
            let path = source.location.path
            if !FileManager.default.isReadableFile(atPath: path) {
                warnings.append(
                    "\(key): \(path) is not readable yet; source \(source.name) will report naker_source_up 0"
                )
            } else if case .failure(let problem) = Result(catching: { () throws(CSVReaderError) in
                try FileFingerprint(path: path)
            }) {
                warnings.append("\(key): \(problem); source \(source.name) will report naker_source_up 0")
            } else if case .xlsx(let xlsx) = source.location {
                do {
                    _ = try XLSXReader.sheetNames(path: xlsx.path)
                } catch {
                    warnings.append("\(key): \(error); source \(source.name) will report naker_source_up 0")
                }
            }
        }
        for (index, receiver) in config.receivers.enumerated() {
            var files: [(String, String)] = []
            if case .file(let path) = receiver.url.location { files.append(("url_file", path)) }
            if case .file(let path) = receiver.hmacSecret?.location {
                files.append(("hmac_secret_file", path))
            }
            for (name, reference) in receiver.headers.sorted(by: { $0.key < $1.key }) {
                if case .file(let path) = reference.location { files.append(("headers.\(name).file", path)) }
            }
            for (key, path) in files where !FileManager.default.isReadableFile(atPath: path) {
                warnings.append(
                    "receivers[\(index)].webhook.\(key): \(path) is not readable yet; deliveries to \(receiver.name) will retry until it is"
                )
            }
        }
        return warnings
    }
}
