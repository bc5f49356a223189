import Foundation
import NakerConfig
import NakerCore
import NakerTestSupport
import Testing

@testable import NakerSources

/// Reads `text` as a CSV file and feeds it through a parser, as the loader does.
private func parse(
    _ text: String, _ dataset: DatasetKind, columns: [String: String] = [:], validityDays: Int = 730,
    keptAttributes: Set<String>? = nil
) throws -> (parser: DatasetRowParser, rejections: [RowRejection]) {
    try parse(
        bytes: Array(text.utf8), dataset, columns: columns, validityDays: validityDays,
        keptAttributes: keptAttributes)
}

/// The same for a file's bytes, read as `location` says (its path is filled in).
private func parse(
    bytes: [UInt8], _ dataset: DatasetKind, location: CSVLocation = CSVLocation(path: ""),
    columns: [String: String] = [:], validityDays: Int = 730, keptAttributes: Set<String>? = nil
) throws -> (parser: DatasetRowParser, rejections: [RowRejection]) {
    let directory = try TemporaryDirectory()
    var location = location
    location.path = try directory.write("data.csv", bytes)
    let source = SourceConfig(
        name: "test", dataset: dataset, location: .csv(location), columns: columns,
        validityDays: validityDays, keptAttributes: keptAttributes)
    var parser: DatasetRowParser?
    var rejections: [RowRejection] = []
    try CSVReader(path: location.path, delimiter: location.delimiter, encoding: location.encoding).readRecords
    {
        event in
        switch event {
        case .record(let record):
            if parser == nil {
                parser = try DatasetRowParser(source: source, header: record.strings().get())
            } else {
                rejections += parser?.parse(record) ?? []
            }
        case .malformed(let line, let problem):
            // As the loader does: the row the parser holds back comes first.
            rejections += parser?.flush() ?? []
            rejections.append(RowRejection(line: line, reason: .malformed(problem)))
        }
    }
    rejections += parser?.flush() ?? []
    return (try #require(parser), rejections)
}

private func records(_ data: SourceData) -> RecordCounts? {
    switch data {
    case .jobSeekers(let registrations): registrations.registered
    case .entrepreneurs(let records), .trainees(let records): records
    case .labourForce: nil
    }
}

private func date(_ text: String) -> LocalDate {
    LocalDate(iso: text)!
}

@Suite struct DatasetRowParserTests {
    @Test func labourForceRowsAndEveryRejection() throws {
        let text = #"""
            period,area,working_age_population,labour_force,unemployed
            2024-08,Tabalong,180000,120000,6000
            2024-08,Murung Pudak,50000,30000,2000
            ,Tanta,1,1,0
            2024-13,Tanta,1,1,0
            2024-8,Tanta,1,1,0
            2024-08,,1,1,0
            2024-08,Tanta,-5,1,0
            2024-08,Tanta,10,1.5,0
            2024-08,Tanta,10,5,99999999999999999999
            2024-08,Tanta,10,,0
            2024-08,Tanta,10,11,0
            2024-08,Tanta,10,5,6
            2024-08,Tabalong,1,1,0
            2024-08,Tanta,10,5
            2025-02, Tabalong , 180500 ,121000,  5900 
            ,,,,
            2024-08,Tanta,10,+5,0
            """#
        let (parser, rejections) = try parse(text, .labourForce)
        #expect(
            rejections == [
                RowRejection(line: 4, reason: .missing("period")),
                RowRejection(line: 5, reason: .badPeriod),
                RowRejection(line: 6, reason: .badPeriod),
                RowRejection(line: 7, reason: .missing("area")),
                RowRejection(line: 8, reason: .badCount("working_age_population", thousandsSeparator: nil)),
                RowRejection(line: 9, reason: .badCount("labour_force", thousandsSeparator: nil)),
                RowRejection(line: 10, reason: .badCount("unemployed", thousandsSeparator: nil)),
                RowRejection(line: 11, reason: .missing("labour_force")),
                RowRejection(line: 12, reason: .labourForceAboveWorkingAge),
                RowRejection(line: 13, reason: .unemployedAboveLabourForce),
                RowRejection(line: 14, reason: .duplicatePeriodArea),
                RowRejection(line: 15, reason: .fieldCount(expected: 5, found: 4)),
                RowRejection(line: 18, reason: .badCount("labour_force", thousandsSeparator: nil)),
            ])
        #expect(parser.acceptedRows == 3)
        let august = try #require(SurveyPeriod(year: 2024, month: 8))
        let february = try #require(SurveyPeriod(year: 2025, month: 2))
        #expect(
            parser.data
                == .labourForce([
                    LabourForceEstimate(
                        period: august, area: "Tabalong", workingAgePopulation: 180_000, labourForce: 120_000,
                        unemployed: 6000),
                    LabourForceEstimate(
                        period: august, area: "Murung Pudak", workingAgePopulation: 50000, labourForce: 30000,
                        unemployed: 2000),
                    LabourForceEstimate(
                        period: february, area: "Tabalong", workingAgePopulation: 180_500,
                        labourForce: 121_000,
                        unemployed: 5900),
                ]))
    }

    @Test func jobSeekerRowsAndEveryRejection() throws {
        let text = #"""
            id,registered_on,area,placed_on,gender,education,nama
            A1,2024-01-15,Murung Pudak,,L,SMA,Budi
            A2,2024-02-01,Tanta,2024-03-01,P,S1,Siti
            ,2024-02-01,Tanta,,P,S1,X
            A3,,Tanta,,P,S1,X
            A4,2024-02-30,Tanta,,P,S1,X
            A5,15/02/2024,Tanta,,P,S1,X
            A6,2024-02-01,,,P,S1,X
            A7,2024-02-01,Tanta,2024-13-01,P,S1,X
            A8,2024-02-01,Tanta,2024-01-31,P,S1,X
            A1,2024-05-01,Tanta,,P,S1,X
            A9,2024-02-01,Tanta
            "A10","2024-02-01","Tanta","","","","x ""q"""
            A11, 2024-01-15 ,Murung Pudak,,L,SMA,Other
            A1,2024-01-15,Murung Pudak,,L,SMA,Budi
            A12,2024-02-01,Ta"nta,,P,S1,X
            A3,2024-03-03,Tanta,2024-03-03,P,S1,X
            """#
        let (parser, rejections) = try parse(text, .jobSeekers, validityDays: 365)
        #expect(
            rejections == [
                RowRejection(line: 4, reason: .missing("id")),
                RowRejection(line: 5, reason: .missing("registered_on")),
                RowRejection(line: 6, reason: .badDate("registered_on", .iso)),
                RowRejection(line: 7, reason: .badDate("registered_on", .iso)),
                RowRejection(line: 8, reason: .missing("area")),
                RowRejection(line: 9, reason: .badDate("placed_on", .iso)),
                RowRejection(line: 10, reason: .placedBeforeRegistered),
                RowRejection(line: 11, reason: .duplicateID),
                RowRejection(line: 12, reason: .fieldCount(expected: 7, found: 3)),
                RowRejection(line: 15, reason: .duplicateID),
                RowRejection(line: 16, reason: .malformed(.strayQuote(field: 3))),
            ])
        #expect(parser.acceptedRows == 5)
        guard case .jobSeekers(let registrations) = parser.data else {
            Issue.record("not job seekers")
            return
        }
        #expect(registrations.validityDays == 365)
        #expect(registrations.total == 5)
        #expect(
            registrations.registered.counts == [
                .init(date: date("2024-01-15"), attributes: ["Murung Pudak", "L", "SMA"]): 2,
                .init(date: date("2024-02-01"), attributes: ["Tanta", "P", "S1"]): 1,
                .init(date: date("2024-02-01"), attributes: ["Tanta", "", ""]): 1,
                // A3 was rejected on line 5, so its later valid row is its first accepted one.
                .init(date: date("2024-03-03"), attributes: ["Tanta", "P", "S1"]): 1,
            ])
        // Each registration ends on its placement day or when its 365-day card expires.
        #expect(
            registrations.ended.counts == [
                .init(date: date("2025-01-14"), attributes: ["Murung Pudak", "L", "SMA"]): 2,
                .init(date: date("2024-03-01"), attributes: ["Tanta", "P", "S1"]): 1,
                .init(date: date("2025-01-31"), attributes: ["Tanta", "", ""]): 1,
                .init(date: date("2024-03-03"), attributes: ["Tanta", "P", "S1"]): 1,
            ])
    }

    @Test func onlyKeptAttributesFormGroups() throws {
        let text = #"""
            id,registered_on,area,programme,sector,status
            E1,2024-03-01,Tanta,WUB,kuliner,aktif
            E2,2024-03-01,Tanta,WUB,jasa,aktif
            E3,2024-03-01,Tanta,BSP,jasa,
            E4,2024-03-01,Kelua,WUB,,
            """#
        let (parser, _) = try parse(text, .entrepreneurs, keptAttributes: ["area", "programme"])
        let counts = try #require(records(parser.data))
        #expect(counts.groups.count == 3)
        #expect(
            counts.counts == [
                .init(date: date("2024-03-01"), attributes: ["Tanta", "WUB", "", ""]): 2,
                .init(date: date("2024-03-01"), attributes: ["Tanta", "BSP", "", ""]): 1,
                .init(date: date("2024-03-01"), attributes: ["Kelua", "WUB", "", ""]): 1,
            ])
    }

    @Test func textOutsideASCIIIsCheckedThenGroupedByItsValue() throws {
        // "Tañjung" twice, once padded and quoted: one group. Latin-1 "\xF1" is not UTF-8.
        var bytes = Array("id,registered_on,area\nE1,2024-03-01,Tañjung\nE2,2024-03-02,\" Tañjung \"\n".utf8)
        bytes += Array("E3,2024-03-03,Ta".utf8) + [0xF1] + Array("jung\n".utf8)
        let directory = try TemporaryDirectory()
        let path = directory.path + "/latin1.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let source = SourceConfig(
            name: "wub", dataset: .entrepreneurs, location: .csv(CSVLocation(path: path)))
        var parser: DatasetRowParser?
        var rejections: [RowRejection] = []
        try CSVReader(path: path).readRecords { event in
            guard case .record(let record) = event else { return }
            if parser == nil {
                parser = try DatasetRowParser(source: source, header: record.strings().get())
            } else {
                rejections += parser?.parse(record) ?? []
            }
        }
        rejections += parser?.flush() ?? []
        #expect(rejections == [RowRejection(line: 4, reason: .malformed(.invalidUTF8(field: 3)))])
        let result = try #require(parser)
        let counts = try #require(records(result.data))
        #expect(counts.groups == [["Tañjung", "", "", ""]])
        #expect(counts.total == 2)
    }

    @Test func entrepreneurRowsAndEveryRejection() throws {
        let text = #"""
            id,registered_on,area,programme,sector,status
            E1,2024-03-01,Tanta,WUB,kuliner,aktif
            E2,2024-03-01,Tanta,WUB,kuliner,aktif
            ,2024-03-01,Tanta,WUB,kuliner,aktif
            E3,,Tanta,WUB,kuliner,aktif
            E4,2024-3-1,Tanta,WUB,kuliner,aktif
            E5,2024-03-01,  ,WUB,kuliner,aktif
            E1,2024-04-01,Tanta,WUB,kuliner,aktif
            E6,2024-03-01,Tanta,WUB,kuliner,aktif,extra
            E7,2024-04-02,Kelua,,,
            """#
        let (parser, rejections) = try parse(text, .entrepreneurs)
        #expect(
            rejections == [
                RowRejection(line: 4, reason: .missing("id")),
                RowRejection(line: 5, reason: .missing("registered_on")),
                RowRejection(line: 6, reason: .badDate("registered_on", .iso)),
                RowRejection(line: 7, reason: .missing("area")),
                RowRejection(line: 8, reason: .duplicateID),
                RowRejection(line: 9, reason: .fieldCount(expected: 6, found: 7)),
            ])
        #expect(parser.acceptedRows == 3)
        let counts = try #require(records(parser.data))
        #expect(counts.kind == .entrepreneurs)
        #expect(
            counts.counts[.init(date: date("2024-03-01"), attributes: ["Tanta", "WUB", "kuliner", "aktif"])]
                == 2)
        #expect(counts.counts[.init(date: date("2024-04-02"), attributes: ["Kelua", "", "", ""])] == 1)
    }

    @Test func traineeRowsAndEveryRejection() throws {
        let text = #"""
            id,started_on,institution,programme,area,completed
            T1,2024-05-06,BLK Tabalong,Las,Tanta,ya
            ,2024-05-06,BLK Tabalong,Las,Tanta,ya
            T2,,BLK Tabalong,Las,Tanta,ya
            T3,2024-05-32,BLK Tabalong,Las,Tanta,ya
            T4,2024-05-06,,Las,Tanta,ya
            T1,2024-05-06,BLK Tabalong,Las,Tanta,ya
            T5,2024-05-06
            T6,2024-05-06,LPK Maju,,,
            """#
        let (parser, rejections) = try parse(text, .trainees)
        #expect(
            rejections == [
                RowRejection(line: 3, reason: .missing("id")),
                RowRejection(line: 4, reason: .missing("started_on")),
                RowRejection(line: 5, reason: .badDate("started_on", .iso)),
                RowRejection(line: 6, reason: .missing("institution")),
                RowRejection(line: 7, reason: .duplicateID),
                RowRejection(line: 8, reason: .fieldCount(expected: 6, found: 2)),
            ])
        #expect(parser.acceptedRows == 2)
        let counts = try #require(records(parser.data))
        #expect(counts.kind == .trainees)
        #expect(
            counts.counts[
                .init(date: date("2024-05-06"), attributes: ["BLK Tabalong", "Las", "Tanta", "ya"])] == 1)
        #expect(counts.counts[.init(date: date("2024-05-06"), attributes: ["LPK Maju", "", "", ""])] == 1)
    }

    @Test func duplicateIDsAreRejectedAcrossTheWholeFile() throws {
        var lines = ["id,registered_on,area"]
        for number in 0..<500 { lines.append("N\(number),2024-01-01,Tanta") }
        for number in stride(from: 0, to: 500, by: 50) { lines.append("N\(number),2024-06-01,Kelua") }
        let (parser, rejections) = try parse(lines.joined(separator: "\n"), .entrepreneurs)
        #expect(parser.acceptedRows == 500)
        #expect(rejections.map(\.line) == Array(502...511))
        #expect(rejections.allSatisfy { $0.reason == .duplicateID })
    }

    @Test func missingRequiredColumnThrowsAHelpfulError() throws {
        #expect(throws: DatasetHeaderError.missingColumn(column: "area", header: "area")) {
            try parse("id,registered_on,kecamatan\n1,2024-01-01,Tanta\n", .jobSeekers)
        }
        do {
            _ = try parse(
                "id,tanggal,kecamatan\n", .jobSeekers,
                columns: ["registered_on": "tanggal_daftar", "area": "kecamatan"])
            Issue.record("no error")
        } catch let error as DatasetHeaderError {
            #expect(error == .missingColumn(column: "registered_on", header: "tanggal_daftar"))
            #expect(error.description.contains("'tanggal_daftar'"))
            #expect(error.description.contains("columns: { registered_on: <header in file> }"))
        }
        #expect(throws: DatasetHeaderError.duplicateColumn(header: "area")) {
            try parse("id,registered_on,area,area\n", .entrepreneurs)
        }
    }

    @Test func renamedColumnsAndMissingOptionalOnes() throws {
        let text = #"""
            No Kartu; tanggal_daftar ;kecamatan;pendidikan;catatan;catatan
            K1;2024-01-02;Tanta;SMK;a;b
            """#
        let directory = try TemporaryDirectory()
        let path = try directory.write("ak1.csv", text)
        let source = SourceConfig(
            name: "ak1", dataset: .jobSeekers,
            location: .csv(CSVLocation(path: path, delimiter: UInt8(ascii: ";"))),
            columns: [
                "id": "No Kartu", "registered_on": "tanggal_daftar", "area": "kecamatan",
                "education": "pendidikan",
            ]
        )
        var parser: DatasetRowParser?
        var rejections: [RowRejection] = []
        try CSVReader(path: path, delimiter: UInt8(ascii: ";")).readRecords { event in
            guard case .record(let record) = event else { return }
            if parser == nil {
                parser = try DatasetRowParser(source: source, header: record.strings().get())
            } else {
                rejections += parser?.parse(record) ?? []
            }
        }
        rejections += parser?.flush() ?? []
        let result = try #require(parser)
        #expect(rejections.isEmpty)
        #expect(result.acceptedRows == 1)
        let counts = try #require(records(result.data))
        #expect(counts.counts == [.init(date: date("2024-01-02"), attributes: ["Tanta", "", "SMK"]): 1])
    }

    @Test func idDigestsTellIdsApart() {
        // Registry-like ids: sequential numbers, padded codes, NIK-like 16 digits, near misses.
        var digests = Set<IDDigest>()
        var count = 0
        for number in 0..<200_000 {
            for id in ["\(number)", "AK-\(number)", "6309\(String(number + 100_000_000_000))"] {
                digests.insert(IDDigest(id))
                count += 1
            }
        }
        #expect(digests.count == count)
        #expect(IDDigest("a") != IDDigest("a\u{0}"))
        #expect(IDDigest("") != IDDigest("\u{0}"))
        #expect(IDDigest("12345678") != IDDigest("123456780"))
        // The same digest from text and from bytes, and on every run (no per-process seed).
        var text = "6309012345678901"
        let fromBytes = text.withUTF8 { IDDigest(bytes: UnsafeRawBufferPointer($0)) }
        #expect(fromBytes == IDDigest("6309012345678901"))
        #expect(IDDigest("") == IDDigest(""))
        #expect(MemoryLayout<IDDigest>.size == 16)
    }

    @Test func rejectionDescriptionsNameColumnsAndSayWhatToDo() {
        #expect(RowRejection.Reason.badDate("placed_on", .iso).description.contains("YYYY-MM-DD"))
        #expect(RowRejection.Reason.badPeriod.description.contains("YYYY-MM"))
        #expect(RowRejection.Reason.missing("area").description.contains("'area'"))
        #expect(RowRejection.Reason.fieldCount(expected: 5, found: 4).description.contains("4 fields"))
    }
}

/// Windows-1252 bytes of `text`, for the few characters outside ASCII these tests use (from the
/// code page's chart, not from the decoder under test).
private func windows1252(_ text: String) -> [UInt8] {
    let chart: [Character: UInt8] = ["’": 0x92, "ñ": 0xF1, "é": 0xE9, "€": 0x80, "ü": 0xFC]
    return text.flatMap { character -> [UInt8] in
        if let byte = chart[character] { return [byte] }
        precondition(character.isASCII, "add \(character) to the chart")
        return Array(String(character).utf8)
    }
}

/// Files as offices export them: Excel's Windows "CSV", local date and number forms, and values
/// that cannot be read in columns nobody uses.
@Suite struct OfficeExportTests {
    static let canonicalTrainees = #"""
        id,started_on,institution,programme,area,completed
        T1,2024-01-04,LPK Ma’arif,menjahit,Tañjung,ya
        T2,2024-12-31,BLK Tanjung,las,Kelua,tidak
        T3,2024-02-29,LPK Ma’arif,menjahit,Tañjung,ya
        T1,2024-03-01,BLK Tanjung,las,Kelua,ya
        """#

    @Test func excelWindowsExportReadsLikeTheCanonicalFile() throws {
        let canonical = try parse(Self.canonicalTrainees, .trainees)
        for format in [DateFormat.dayMonthYearSlash, .dayMonthYearDash, .dayMonthYearUnpadded] {
            let exported = Self.canonicalTrainees.replacingOccurrences(of: ",", with: ";")
                .replacingOccurrences(
                    of: "2024-01-04", with: format == .dayMonthYearUnpadded ? "4/1/2024" : "04/01/2024"
                )
                .replacingOccurrences(of: "2024-12-31", with: "31/12/2024")
                .replacingOccurrences(of: "2024-02-29", with: "29/02/2024")
                .replacingOccurrences(of: "2024-03-01", with: "01/03/2024")
                .replacingOccurrences(of: "/", with: format == .dayMonthYearDash ? "-" : "/")
            let location = CSVLocation(
                path: "", delimiter: UInt8(ascii: ";"), encoding: .windows1252,
                format: FieldFormat(dateFormat: format))
            let office = try parse(bytes: windows1252(exported), .trainees, location: location)
            #expect(office.rejections == canonical.rejections, "\(format.rawValue)")
            #expect(office.rejections == [RowRejection(line: 5, reason: .duplicateID)])
            #expect(office.parser.acceptedRows == 3)
            #expect(office.parser.data == canonical.parser.data, "\(format.rawValue)")
        }
        let counts = try #require(records(canonical.parser.data))
        #expect(counts.groups.contains(["LPK Ma’arif", "menjahit", "Tañjung", "ya"]))
    }

    @Test func aDateInAnotherFormThanConfiguredIsRejectedNamingTheForm() throws {
        let text =
            "id,registered_on,area,placed_on\nA1,04/01/2024,Tanta,2024-02-01\nA2,2024-01-04,Tanta,\n"
            + "A3,31/02/2024,Tanta,\nA4,05/01/2024,Tanta,04/01/2024\n"
        let location = CSVLocation(path: "", format: FieldFormat(dateFormat: .dayMonthYearSlash))
        let (parser, rejections) = try parse(bytes: Array(text.utf8), .jobSeekers, location: location)
        #expect(
            rejections == [
                RowRejection(line: 2, reason: .badDate("placed_on", .dayMonthYearSlash)),
                RowRejection(line: 3, reason: .badDate("registered_on", .dayMonthYearSlash)),
                RowRejection(line: 4, reason: .badDate("registered_on", .dayMonthYearSlash)),
                RowRejection(line: 5, reason: .placedBeforeRegistered),
            ])
        #expect(parser.acceptedRows == 0)
        let message = RowRejection.Reason.badDate("registered_on", .dayMonthYearSlash).description
        #expect(message.contains("DD/MM/YYYY") && message.contains("date_format"), "\(message)")
    }

    @Test func labourForceCountsInIndonesianNotation() throws {
        let text = #"""
            period;area;working_age_population;labour_force;unemployed;keterangan
            2022-08;Tabalong;199.178;139.540;6.224;angka sementara
            2023-08;Tabalong;"1.250.000";139540;0;
            2023-08;Kelua;13.6140;1;0;
            2023-08;Tanta;10;4.46;0;
            2023-08;Tanta;10;4;0;Jos
            """#
        var bytes = Array(text.utf8)
        // Latin-1 "é" in the note column, which no rule reads: the row still counts.
        bytes.insert(0xE9, at: bytes.count)
        let location = CSVLocation(
            path: "", delimiter: UInt8(ascii: ";"), format: FieldFormat(thousandsSeparator: UInt8(ascii: "."))
        )
        let (parser, rejections) = try parse(bytes: bytes, .labourForce, location: location)
        #expect(
            rejections == [
                RowRejection(
                    line: 4,
                    reason: .badCount("working_age_population", thousandsSeparator: UInt8(ascii: "."))),
                RowRejection(
                    line: 5, reason: .badCount("labour_force", thousandsSeparator: UInt8(ascii: "."))),
            ])
        let period2022 = try #require(SurveyPeriod(year: 2022, month: 8))
        let period2023 = try #require(SurveyPeriod(year: 2023, month: 8))
        #expect(
            parser.data
                == .labourForce([
                    LabourForceEstimate(
                        period: period2022, area: "Tabalong", workingAgePopulation: 199_178,
                        labourForce: 139_540,
                        unemployed: 6224),
                    LabourForceEstimate(
                        period: period2023, area: "Tabalong", workingAgePopulation: 1_250_000,
                        labourForce: 139_540, unemployed: 0),
                    LabourForceEstimate(
                        period: period2023, area: "Tanta", workingAgePopulation: 10, labourForce: 4,
                        unemployed: 0),
                ]))
        let message = RowRejection.Reason.badCount("labour_force", thousandsSeparator: UInt8(ascii: "."))
            .description
        #expect(message.contains("139.540"), "\(message)")
    }

    /// Unreadable bytes, stray quotes and NULs in columns no rule reads (names, notes, an attribute
    /// nobody groups by) do not cost the row; in the id, a date or a kept attribute they do.
    @Test func onlyTheColumnsTheRulesReadMustBeReadable() throws {
        var bytes = Array("id,registered_on,area,placed_on,gender,education,nama,catatan\n".utf8)
        bytes += Array("A1,2024-01-15,Tanta,,L,SMA,Jos".utf8) + [0xE9] + Array(",\n".utf8)
        bytes += Array("A2,2024-01-15,Tanta,,L,SMA,Budi,kata \"bagus\"\n".utf8)
        bytes += Array("A3,2024-01-15,Tanta,,L,SMA,\"Budi\" S,\n".utf8)
        bytes += Array("A4,2024-01-15,Tanta,,L,SMA,Siti,a".utf8) + [0] + Array("b\n".utf8)
        bytes += Array("A5,2024-01-15,Tanta,,L\",SMA,Siti,\n".utf8)
        bytes += Array("A6,2024-01-15,Ta".utf8) + [0xF1] + Array("jung,,L,SMA,Siti,\n".utf8)
        bytes += Array("A7,2024-01-15,Ta\"nta,,L,SMA,Siti,\n".utf8)
        bytes += Array("A".utf8) + [0] + Array("8,2024-01-15,Tanta,,L,SMA,Siti,\n".utf8)
        bytes += Array("A9,2024-01-15,Tanta,2024-02-0".utf8) + [0xF1] + Array(",L,SMA,Siti,\n".utf8)
        bytes += Array("A10,\"2024-01-15\"x,Tanta,,L,SMA,Siti,\n".utf8)
        let (parser, rejections) = try parse(bytes: bytes, .jobSeekers, keptAttributes: ["area"])
        #expect(
            rejections == [
                RowRejection(line: 7, reason: .malformed(.invalidUTF8(field: 3))),
                RowRejection(line: 8, reason: .malformed(.strayQuote(field: 3))),
                RowRejection(line: 9, reason: .malformed(.nulByte(field: 1))),
                RowRejection(line: 10, reason: .malformed(.invalidUTF8(field: 4))),
                RowRejection(line: 11, reason: .malformed(.textAfterClosingQuote(field: 2))),
            ])
        #expect(parser.acceptedRows == 5)

        // With every attribute kept (the default), gender is read: A5's stray quote counts again.
        let strict = try parse(bytes: bytes, .jobSeekers)
        #expect(strict.rejections.first == RowRejection(line: 6, reason: .malformed(.strayQuote(field: 5))))
        #expect(strict.parser.acceptedRows == 4)
    }

    @Test func aUTF8ByteOrderMarkWinsOverAConfiguredWindows1252() throws {
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF] + Array("id,registered_on,area\nE1,2024-03-01,Tañjung\n".utf8)
        let location = CSVLocation(path: "", encoding: .windows1252)
        let (parser, rejections) = try parse(bytes: bytes, .entrepreneurs, location: location)
        #expect(rejections.isEmpty)
        #expect(try #require(records(parser.data)).groups == [["Tañjung", "", "", ""]])
    }
}
