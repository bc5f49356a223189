import NakerCore
import NakerNotify
import Testing

@testable import NakerConfig

struct HTTPSourceConfigTests {
    func parse(_ sources: String) throws -> Config {
        try ConfigParser.parse(
            yaml: "global: { region: Tabalong }\nsources:\n" + sources, baseDirectory: "/etc/naker-exporter",
            templates: TemplateCheck())
    }

    func problems(_ sources: String) -> [String: String] {
        do {
            _ = try ConfigParser.parse(
                yaml: "global: { region: Tabalong }\nsources:\n" + sources,
                baseDirectory: "/etc/naker-exporter",
                templates: TemplateCheck())
            return [:]
        } catch {
            return Dictionary(
                error.problems.map { ($0.path, $0.message) }, uniquingKeysWith: { $0 + "; " + $1 })
        }
    }

    @Test func everyKeyOfTheThreeFormats() throws {
        let config = try parse(
            """
              - name: wub
                dataset: entrepreneurs
                http:
                  format: json_records
                  url: https://data.example.go.id/wub.json
                  records_path: result.records
                  headers: { Authorization: { file: credentials/token } }
                  timeout: 45s
                  max_bytes: 10MiB
                  ca_file: ca.pem
                  follow_redirects: true
                  date_format: DD/MM/YYYY
              - name: pelatihan
                dataset: trainees
                http: { format: ckan_datastore, url_env: CKAN_URL, limit: 500 }
              - name: bps
                dataset: labour_force
                http:
                  format: bps_webapi
                  url_file: credentials/bps_url
                  variables: { labour_force: 1234, unemployed: 1235, working_age_population: 1236 }
                  areas: { "6309": Tabalong, "6309010": Banua Lawas }
                  period_month: 2
            """)
        guard case .http(let wub) = config.sources[0].location,
            case .http(let ckan) = config.sources[1].location,
            case .http(let bps) = config.sources[2].location
        else {
            Issue.record("not http sources: \(config.sources.map(\.location))")
            return
        }
        #expect(wub.format == .jsonRecords)
        #expect(wub.url.location == .value("https://data.example.go.id/wub.json"))
        #expect(wub.recordsPath == ["result", "records"])
        #expect(wub.headers["Authorization"]?.location == .file("/etc/naker-exporter/credentials/token"))
        #expect(wub.timeout == .seconds(45))
        #expect(wub.maxBytes == 10 << 20)
        #expect(wub.caFile == "/etc/naker-exporter/ca.pem")
        #expect(wub.followRedirects)
        #expect(wub.fieldFormat.dateFormat == .dayMonthYearSlash)
        #expect(
            ckan.format == .ckanDatastore && ckan.pageSize == 500
                && ckan.url.location == .environment("CKAN_URL"))
        #expect(ckan.maxBytes == HTTPLocation.defaultMaxBytes && !ckan.followRedirects)
        #expect(ckan.timeout == HTTPLocation.defaultTimeout)
        #expect(bps.url.location == .file("/etc/naker-exporter/credentials/bps_url"))
        #expect(
            bps.variables == ["labour_force": "1234", "unemployed": "1235", "working_age_population": "1236"])
        #expect(bps.areas == ["6309": "Tabalong", "6309010": "Banua Lawas"])
        #expect(bps.periodMonth == 2)
        #expect(config.sources[0].location.kind == "http" && config.sources[0].location.path.isEmpty)
    }

    @Test func mistakesNameTheKeyAndWhatToWrite() {
        let found = problems(
            """
              - { name: a, dataset: entrepreneurs, http: { url: https://x.example/a.json } }
              - { name: b, dataset: entrepreneurs, http: { format: csv, url: https://x.example/b } }
              - { name: c, dataset: entrepreneurs, http: { format: json_records, url: ftp://x.example/c, url_file: c } }
              - { name: d, dataset: entrepreneurs, http: { format: json_records, url: "file:///etc/passwd?key=rahasia" } }
              - { name: e, dataset: entrepreneurs, http: { format: json_records, url_env: E, max_bytes: 256MB, limit: 5 } }
              - { name: f, dataset: trainees, http: { format: ckan_datastore, url_env: F, limit: 0, follow_redirect: true } }
              - { name: g, dataset: labour_force, http: { format: bps_webapi, url_env: G, variables: { labour_force: x1, employed: 3 }, period_month: 13 } }
              - { name: h, dataset: trainees, http: { format: bps_webapi, url_env: H, variables: { labour_force: 1, unemployed: 2, working_age_population: 3 }, areas: { "1": A } } }
            """)
        #expect(
            found["sources[0].http.format"]?.contains(
                "is required; write one of json_records, ckan_datastore, bps_webapi") == true)
        #expect(found["sources[1].http.format"]?.contains("\"csv\" is not a format") == true)
        #expect(found["sources[2].http"]?.contains("give the URL once") == true)
        #expect(found["sources[3].http.url"]?.contains("must start with http:// or https://") == true)
        #expect(found.values.allSatisfy { !$0.contains("rahasia") }, "a URL is never quoted")
        #expect(
            found["sources[4].http.max_bytes"]?.contains("write bytes as a number or with KiB, MiB or GiB")
                == true)
        #expect(found["sources[4].http.limit"]?.contains("applies to format: ckan_datastore only") == true)
        #expect(found["sources[5].http.limit"]?.contains("from 1 to 32000") == true)
        #expect(
            found["sources[5].http.follow_redirect"]?.contains("did you mean \"follow_redirects\"") == true)
        #expect(found["sources[6].http.variables.labour_force"]?.contains("is not a BPS variable id") == true)
        #expect(
            found["sources[6].http.variables.employed"]?.contains("is not a labour_force count column")
                == true)
        #expect(found["sources[6].http.variables"]?.contains("needs unemployed") == true)
        #expect(found["sources[6].http.areas"]?.contains("needs at least one BPS region code") == true)
        #expect(found["sources[6].http.period_month"]?.contains("write 1 to 12") == true)
        #expect(found["sources[7].http.format"]?.contains("use it with dataset: labour_force") == true)
    }
}
