import Foundation
import NakerCore
import NakerNotify
import Testing

@testable import NakerConfig

struct ConfigParserTests {
    static let valid = """
        global:
          region: Tabalong
          timezone: Asia/Makassar
          recalc_interval: 90s
        sources:
          - name: ak1
            dataset: job_seekers
            csv: { path: sample/job_seekers.csv, delimiter: ";" }
            columns: { registered_on: tanggal_daftar, area: kecamatan }
            validity: 365d
          - name: wub
            dataset: entrepreneurs
            csv: { path: /data/wub.csv }
          - name: sakernas
            dataset: labour_force
            csv: { path: /data/sakernas.csv }
        targets:
          - name: wub_2019_2024
            description: "10.000 wirausaha baru"
            indicator: entrepreneurs
            where: { programme: bengkel-sahabat }
            goal: 10000
            start: 2019-01-01
            end: 2024-12-31
            milestones: { 2020-12-31: 2000, 2022-12-31: 6000 }
          - name: tpt_2024
            indicator: open_unemployment
            goal: 0.04
            direction: at_most
        """

    func problems(_ yaml: String) -> [ConfigProblem] {
        do {
            _ = try ConfigParser.parse(
                yaml: yaml, baseDirectory: "/etc/naker-exporter", templates: TemplateCheck())
            return []
        } catch {
            return error.problems
        }
    }

    @Test func validFileDecodesEveryKey() throws {
        let config = try ConfigParser.parse(
            yaml: Self.valid, baseDirectory: "/etc/naker-exporter", templates: TemplateCheck())
        #expect(config.global.region == "Tabalong")
        #expect(config.global.recalcInterval == .seconds(90))
        #expect(config.global.timeZone.identifier == "Asia/Makassar")
        #expect(config.sources.count == 3)
        let ak1 = config.sources[0]
        #expect(ak1.dataset == .jobSeekers)
        #expect(
            ak1.location
                == .csv(
                    CSVLocation(
                        path: "/etc/naker-exporter/sample/job_seekers.csv", delimiter: UInt8(ascii: ";"))))
        #expect(ak1.header(for: "registered_on") == "tanggal_daftar")
        #expect(ak1.header(for: "id") == "id")
        #expect(ak1.validityDays == 365)
        #expect(config.sources[1].location == .csv(CSVLocation(path: "/data/wub.csv")))
        #expect(config.sources[1].validityDays == 730)
        let wub = config.targets[0]
        #expect(wub.filters == ["programme": "bengkel-sahabat"])
        #expect(wub.goal == 10000)
        #expect(wub.start == LocalDate(year: 2019, month: 1, day: 1))
        #expect(wub.milestones.map(\.value) == [2000, 6000])
        #expect(wub.milestones.first?.date == LocalDate(year: 2020, month: 12, day: 31))
        let tpt = config.targets[1]
        #expect(tpt.direction == .atMost)
        #expect(tpt.area == "Tabalong", "survey targets default to the region")
    }

    @Test func defaultsApplyWhenKeysAreLeftOut() throws {
        let config = try ConfigParser.parse(
            yaml: """
                global: { region: Tabalong }
                sources: [{ name: lf, dataset: labour_force, csv: { path: lf.csv } }]
                """, baseDirectory: "/cfg", templates: TemplateCheck())
        #expect(config.global.timeZone.identifier == "Asia/Makassar")
        #expect(config.global.recalcInterval == .seconds(300))
        #expect(config.targets.isEmpty)
    }

    @Test func threeMistakesAreAllNamedByKeyPathAndLine() {
        let yaml = Self.valid
            .replacingOccurrences(of: "dataset: job_seekers", with: "dataset: job_seeker")
            .replacingOccurrences(of: "goal: 10000", with: "goal: -5")
            .replacingOccurrences(of: "direction: at_most", with: "directoin: at_most")
        let found = problems(yaml)
        #expect(found.count == 3, "\(found)")
        let byPath = Dictionary(uniqueKeysWithValues: found.map { ($0.path, $0) })
        #expect(
            byPath["sources[0].dataset"]?.message.contains("write one of labour_force, job_seekers") == true)
        #expect(byPath["sources[0].dataset"]?.line == 7)
        #expect(byPath["targets[0].goal"]?.message == "must be greater than 0")
        #expect(byPath["targets[0].goal"]?.line == 22)
        #expect(byPath["targets[1].directoin"]?.message == "unknown key; did you mean \"direction\"?")
        #expect(byPath["targets[1].directoin"]?.line == 29)
    }

    @Test func errorDescriptionListsEveryProblem() {
        do {
            _ = try ConfigParser.parse(
                yaml: "global: {}\nsources: []\n", baseDirectory: "/", fileName: "x.yml",
                templates: TemplateCheck())
            Issue.record("an empty config was accepted")
        } catch {
            #expect(
                error.description == """
                    config file x.yml has 2 problems:
                      global.region: is required: the area name that means the whole region, e.g. Tabalong
                      sources: is required: list at least one source (see Config/naker-exporter.yml)
                    """)
        }
    }

    @Test func yamlSyntaxErrorGivesLineAndColumn() {
        let found = problems("global:\n  region: [Tabalong\nsources: x\n")
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("YAML syntax:") == true)
        #expect(found.first?.line != nil)
    }

    @Test func wrongShapeIsNamed() {
        let found = problems("global: { region: Tabalong }\nsources: { name: x }\n")
        #expect(found.map(\.path) == ["sources"])
        #expect(found.first?.message == "must be a list (- item)")
    }

    @Test(arguments: [
        ("global:\n  region: Tabalong\n  timezone: Asia/Jakarta_Selatan\n", "global.timezone"),
        ("global:\n  region: Tabalong\n  recalc_interval: 5 minutes\n", "global.recalc_interval"),
        ("global:\n  region: Tabalong\n  recalc_interval: 0s\n", "global.recalc_interval"),
    ])
    func badGlobalValues(global: String, path: String) {
        let found = problems(
            global + "sources: [{ name: lf, dataset: labour_force, csv: { path: lf.csv } }]\n")
        #expect(found.map(\.path) == [path])
    }

    @Test func sourceRules() {
        let found = problems(
            """
            global: { region: Tabalong }
            sources:
              - { name: Survei-AK, dataset: labour_force, csv: { path: lf.csv }, validity: 30d }
              - { name: ak1, dataset: job_seekers, csv: { path: a.csv, delimiter: ";;" }, validity: 12h }
              - { name: ak1, dataset: trainees, csv: { path: t.csv }, columns: { nama: nama_peserta } }
              - { name: wub, dataset: entrepreneurs }
            """)
        #expect(
            found.map(\.path) == [
                "sources[0].name", "sources[0].validity", "sources[1].csv.delimiter", "sources[1].validity",
                "sources[2].name", "sources[2].columns.nama", "sources[3]",
            ], "\(found)")
        #expect(found[0].message.contains("write e.g. \"survei_ak\""))
    }

    @Test func officeExportOptions() throws {
        let config = try ConfigParser.parse(
            yaml: """
                global: { region: Tabalong }
                sources:
                  - name: ak1
                    dataset: job_seekers
                    csv: { path: ak1.csv, delimiter: ";", encoding: windows-1252, date_format: dd/mm/yyyy }
                  - name: sakernas
                    dataset: labour_force
                    csv: { path: lf.csv, encoding: UTF-8, thousands_separator: "." }
                """, baseDirectory: "/etc/naker-exporter", templates: TemplateCheck())
        #expect(
            config.sources[0].location
                == .csv(
                    CSVLocation(
                        path: "/etc/naker-exporter/ak1.csv", delimiter: UInt8(ascii: ";"),
                        encoding: .windows1252,
                        format: FieldFormat(dateFormat: .dayMonthYearSlash))))
        #expect(
            config.sources[1].format == FieldFormat(dateFormat: .iso, thousandsSeparator: UInt8(ascii: ".")))
        if case .csv(let location) = config.sources[1].location { #expect(location.encoding == .utf8) }

        let found = problems(
            """
            global: { region: Tabalong }
            sources:
              - { name: a, dataset: job_seekers, csv: { path: a.csv, encoding: latin1, date_format: MM/DD/YYYY } }
              - { name: b, dataset: entrepreneurs, csv: { path: b.csv, thousands_separator: "." } }
              - { name: c, dataset: labour_force, csv: { path: c.csv, date_format: DD/MM/YYYY } }
              - { name: d, dataset: labour_force, csv: { path: d.csv, thousands_separator: " " } }
              - { name: e, dataset: trainees, csv: { path: e.csv, decimal_separator: "," } }
            """)
        let messages = Dictionary(found.map { ($0.path, $0.message) }, uniquingKeysWith: { $0 + "; " + $1 })
        #expect(
            Set(messages.keys) == [
                "sources[0].csv.encoding", "sources[0].csv.date_format", "sources[1].csv.thousands_separator",
                "sources[2].csv.date_format", "sources[3].csv.thousands_separator",
                "sources[4].csv.decimal_separator",
            ], "\(found)")
        #expect(messages["sources[0].csv.encoding"]?.contains("windows-1252") == true)
        #expect(
            messages["sources[0].csv.date_format"]?.contains("\"DD/MM/YYYY\", \"DD-MM-YYYY\", \"D/M/YYYY\"")
                == true)
        #expect(messages["sources[1].csv.thousands_separator"]?.contains("labour_force") == true)
        #expect(messages["sources[2].csv.date_format"]?.contains("YYYY-MM") == true)
        #expect(messages["sources[3].csv.thousands_separator"]?.contains("139.540") == true)
        #expect(messages["sources[4].csv.decimal_separator"]?.contains("thousands_separator") == true)
    }

    @Test func workbookSources() throws {
        let config = try ConfigParser.parse(
            yaml: """
                global: { region: Tabalong }
                sources:
                  - name: ak1
                    dataset: job_seekers
                    xlsx: { path: exports/ak1.xlsx, sheet: Pendaftaran, header_row: 3, date_format: DD/MM/YYYY }
                  - name: sakernas
                    dataset: labour_force
                    xlsx: { path: /data/sakernas.xlsx, sheet: 2, thousands_separator: "." }
                  - name: wub
                    dataset: entrepreneurs
                    xlsx: { path: wub.xlsx }
                """, baseDirectory: "/etc/naker-exporter", templates: TemplateCheck())
        #expect(
            config.sources.map(\.location) == [
                .xlsx(
                    XLSXLocation(
                        path: "/etc/naker-exporter/exports/ak1.xlsx", sheet: .name("Pendaftaran"),
                        headerRow: 3,
                        format: FieldFormat(dateFormat: .dayMonthYearSlash))),
                .xlsx(
                    XLSXLocation(
                        path: "/data/sakernas.xlsx", sheet: .index(2),
                        format: FieldFormat(thousandsSeparator: UInt8(ascii: ".")))),
                .xlsx(XLSXLocation(path: "/etc/naker-exporter/wub.xlsx", sheet: .index(1), headerRow: 1)),
            ])

        let found = problems(
            """
            global: { region: Tabalong }
            sources:
              - { name: a, dataset: job_seekers, xlsx: { path: a.xlsx, sheets: Data } }
              - { name: b, dataset: job_seekers, xlsx: { path: b.xlsx, header_row: 0 } }
              - { name: c, dataset: job_seekers, xlsx: { sheet: " " } }
              - { name: d, dataset: labour_force, xlsx: { path: d.xlsx, date_format: DD/MM/YYYY, sheet: 0 } }
              - { name: e, dataset: trainees, csv: { path: e.csv }, xlsx: { path: e.xlsx } }
              - { name: f, dataset: trainees }
            """)
        let messages = Dictionary(found.map { ($0.path, $0.message) }, uniquingKeysWith: { $0 + "; " + $1 })
        #expect(
            Set(messages.keys) == [
                "sources[0].xlsx.sheets", "sources[1].xlsx.header_row", "sources[2].xlsx.path",
                "sources[2].xlsx.sheet", "sources[3].xlsx.date_format", "sources[3].xlsx.sheet", "sources[4]",
                "sources[5]",
            ], "\(found)")
        #expect(messages["sources[0].xlsx.sheets"]?.contains("did you mean \"sheet\"") == true)
        #expect(messages["sources[1].xlsx.header_row"]?.contains("1-based row") == true)
        #expect(messages["sources[2].xlsx.path"]?.contains("is required") == true)
        #expect(messages["sources[3].xlsx.sheet"]?.contains("the first sheet is 1") == true)
        #expect(messages["sources[4]"]?.contains("has both csv and xlsx") == true)
        #expect(messages["sources[5]"]?.contains("`xlsx: { path: <file>, sheet: <name> }`") == true)
    }

    @Test func columnMapsAndValidityAreBounded() {
        let found = problems(
            """
            global: { region: Tabalong }
            sources:
              - name: ak1
                dataset: job_seekers
                csv: { path: a.csv }
                columns: { area: kecamatan, registered_on: kecamatan }
                validity: 40000d
            """)
        #expect(found.map(\.path) == ["sources[0].columns.registered_on", "sources[0].validity"], "\(found)")
    }

    @Test func targetRules() {
        let found = problems(
            """
            global: { region: Tabalong }
            sources:
              - { name: lf, dataset: labour_force, csv: { path: lf.csv } }
              - { name: wub, dataset: entrepreneurs, csv: { path: wub.csv } }
              - { name: blk, dataset: trainees, csv: { path: blk.csv } }
            targets:
              - { name: a, indicator: entrepreneurs, goal: 10, start: 2024-01-01 }
              - { name: b, indicator: open_unemployment, goal: 4.46, where: { area: Kelua } }
              - { name: c, indicator: trainees, goal: 5, start: 2024-01-01, end: 2023-01-01, area: Kelua }
              - { name: d, indicator: trainees, goal: 5, start: 2021-01-01, end: 2024-12-31, milestones: { 2025-01-01: 3 }, where: { nama: x } }
              - { name: e, indicator: jobseekers, goal: ten }
            """)
        #expect(
            found.map(\.path) == [
                "targets[0].end", "targets[1].goal", "targets[1].where", "targets[2].end", "targets[2].area",
                "targets[3].where.nama", "targets[3].milestones.2025-01-01", "targets[4].indicator",
                "targets[4].goal",
            ], "\(found)")
        #expect(found[1].message == "ratios are written 0–1: for 4.46 % write 0.0446")
    }

    @Test func loadResolvesPathsAgainstTheConfigDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "naker-config-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("naker.yml")
        try
            "global: { region: Tabalong }\nsources: [{ name: lf, dataset: labour_force, csv: { path: ../lf.csv } }]\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let config = try ConfigParser.load(path: file.path, templates: TemplateCheck())
        #expect(
            config.sources[0].location
                == .csv(
                    CSVLocation(
                        path: directory.deletingLastPathComponent().appendingPathComponent("lf.csv").path)))
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: ConfigError.unreadable(path: "/nonexistent/naker.yml", reason: "no such file")) {
            try ConfigParser.load(path: "/nonexistent/naker.yml", templates: TemplateCheck())
        }
    }
}
