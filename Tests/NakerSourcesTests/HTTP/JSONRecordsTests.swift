import Foundation
import NakerConfig
import Testing

@testable import NakerSources

struct JSONRecordsTests {
    func json(_ text: String) throws -> JSONValue {
        try JSONValue.parse(Array(text.utf8), shown: "test")
    }

    @Test func numbersKeepTheirDigitsAndScalarsBecomeFieldText() throws {
        let value = try json(
            #"{"a": 139540, "b": 4.46, "c": "07", "d": null, "e": true, "f": [1], "g": 1e3}"#)
        #expect(value["a"]?.scalarText == "139540")
        #expect(value["b"]?.scalarText == "4.46")
        #expect(value["c"]?.scalarText == "07")
        #expect(value["d"]?.scalarText == "")
        #expect(value["e"]?.scalarText == "true")
        #expect(value["f"]?.scalarText == nil, "a list is not a field")
        #expect(value["g"]?.scalarText == "1000")
        #expect(throws: HTTPSourceError.invalidJSON(url: "test")) { try self.json("[{\"id\": ") }
    }

    @Test func theURLIsShownWithoutItsSecrets() {
        let key =
            "https://user:pw@webapi.bps.go.id:8443/v1/api/list/model/data/domain/6309/var/1234/key/abc123/?x=1"
        #expect(SourceURL.shown(key, secret: true) == "https://webapi.bps.go.id:8443/…")
        #expect(
            SourceURL.shown(
                "https://data.example.go.id/api/3/action/datastore_search?resource_id=r&token=t",
                secret: false)
                == "https://data.example.go.id/api/3/action/datastore_search")
        #expect(SourceURL.shown("not a url", secret: false) == "(the source's URL)")
    }

    @Test func nextPagesStayOnTheSameServer() {
        let base = "https://data.example.go.id/api/3/action/datastore_search?resource_id=r"
        #expect(
            SourceURL.resolve("/api/3/action/datastore_search?offset=100&resource_id=r", against: base)
                == "https://data.example.go.id/api/3/action/datastore_search?offset=100&resource_id=r")
        #expect(
            SourceURL.resolve("https://data.example.go.id/next", against: base)
                == "https://data.example.go.id/next")
        #expect(SourceURL.resolve("https://elsewhere.example/next", against: base) == nil)
        #expect(SourceURL.resolve("http://data.example.go.id/next", against: base) == nil, "not a downgrade")
    }

    @Test func aCKANPageAndItsErrors() throws {
        let page = try CKANPage(
            json(
                #"{"success": true, "result": {"records": [{"_id": 1, "id": "a"}], "total": 3, "#
                    + #""fields": [{"id": "_id", "type": "int"}, {"id": "id", "type": "text"}], "#
                    + #""_links": {"next": "/api/3/action/datastore_search?offset=1"}}}"#), shown: "portal")
        #expect(page.total == 3 && page.records.count == 1 && page.fields == ["_id", "id"])
        #expect(page.next == "/api/3/action/datastore_search?offset=1")
        #expect(
            throws: HTTPSourceError.ckanError(url: "portal", message: "Not found: Resource was not found.")
        ) {
            try CKANPage(
                self.json(#"{"success": false, "error": {"message": "Not found: Resource was not found."}}"#),
                shown: "portal")
        }
        #expect(throws: HTTPSourceError.self) {
            try CKANPage(self.json(#"{"success": true, "result": {}}"#), shown: "p")
        }
    }

    @Test func aBPSTableBecomesOneRowPerRegionAndYear() throws {
        let table = try BPSTable(
            json(
                #"{"status": "OK", "data-availability": "available", "var": [{"val": 1234}, {"val": 1235}, {"val": 1236}], "#
                    + #""turvar": [{"val": 0, "label": "Tidak ada"}], "vervar": [{"val": 6309, "label": "Tabalong"}, "#
                    + #"{"val": 6371, "label": "Banjarmasin"}], "tahun": [{"val": 124, "label": "2024"}], "#
                    + #""turtahun": [{"val": 0, "label": "Tahun"}], "datacontent": {"6309123401240": 136871, "#
                    + #""6309123501240": "6.638", "6309123601240": 196412}}"#), shown: "bps")
        var location = HTTPLocation(
            format: .bpsWebAPI, url: SecretReference(.value("https://x"), owner: "s", field: "url"))
        location.variables = ["labour_force": "1234", "unemployed": "1235", "working_age_population": "1236"]
        location.areas = ["6309": "Tabalong"]
        #expect(
            try table.rows(location, shown: "bps") == [["2024-08", "Tabalong", "196412", "136871", "6.638"]])
        location.variables["unemployed"] = "9999"
        #expect(throws: HTTPSourceError.self) { try table.rows(location, shown: "bps") }
        #expect(throws: HTTPSourceError.bpsUnavailable(url: "bps", availability: "list-not-available")) {
            try BPSTable(
                self.json(#"{"status": "OK", "data-availability": "list-not-available"}"#), shown: "bps")
        }
    }
}
