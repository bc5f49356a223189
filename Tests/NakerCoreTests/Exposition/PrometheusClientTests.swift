import Foundation
import Testing

@testable import NakerCore

/// Both formats as the Python client library parses them, values compared after the round trip.
struct PrometheusClientTests {
    /// Parsed family as the script below prints it; values travel as Python `repr` strings so that NaN and
    /// the infinities survive JSON.
    struct ParsedFamily: Decodable, Equatable {
        var name: String
        var type: String
        var help: String
        var samples: [ParsedSample]
    }

    struct ParsedSample: Decodable, Equatable {
        var name: String
        var labels: [String: String]
        var value: String
    }

    static let parseScript = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families as parse_text
        from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_om
        parse = parse_om if sys.argv[1] == "openmetrics" else parse_text
        families = [
            {"name": f.name, "type": f.type, "help": f.documentation,
             "samples": [{"name": s.name, "labels": s.labels, "value": repr(float(s.value))}
                         for s in f.samples]}
            for f in parse(sys.stdin.read())
        ]
        print(json.dumps(families))
        """

    @Test(arguments: [ExpositionFormat.text, .openMetrics])
    func parsesBackToTheSameFamilies(format: ExpositionFormat) throws {
        let body = ExpositionRenderer.render(ExpositionFixtures.families, format: format)
        let argument = format == .openMetrics ? "openmetrics" : "text"
        let result = try python(["-c", Self.parseScript, argument], input: body)
        try #require(result.status == 0, "python failed:\n\(result.stderr)\nbody:\n\(body)")
        let parsed = try JSONDecoder().decode([ParsedFamily].self, from: Data(result.stdout.utf8))

        let expected = ExpositionFixtures.families.sorted { $0.name < $1.name }
        #expect(parsed.map(\.name) == expected.map(\.name))
        for (family, parsedFamily) in zip(expected, parsed) {
            #expect(parsedFamily.type == family.type.rawValue, "\(family.name)")
            #expect(parsedFamily.help == family.help, "\(family.name)")
            #expect(parsedFamily.samples.count == family.samples.count, "\(family.name)")
            for sample in family.samples {
                let name =
                    family.name
                    + (family.type == .counter && sample.suffix.isEmpty ? "_total" : sample.suffix)
                let labels = Dictionary(uniqueKeysWithValues: sample.labels.map { ($0.name, $0.value) })
                let match = parsedFamily.samples.first { $0.name == name && $0.labels == labels }
                let parsedValue = try #require(match.flatMap { Double($0.value) }, "\(name) \(labels)")
                #expect(
                    parsedValue == sample.value || (parsedValue.isNaN && sample.value.isNaN),
                    "\(name) \(labels): \(parsedValue) != \(sample.value)"
                )
            }
        }
    }

    /// The OpenMetrics spec's canonical `le` examples (0.0…10.0 by 0.001, powers of ten) must match the
    /// client library's own Go-style rendering.
    @Test func canonicalLeMatchesClientLibrary() throws {
        let values =
            (0...10_000).map { Double($0) / 1000 } + (-10...10).map { pow(10, Double($0)) }
            + [123_456, 1_234_567, 0.000_123_4, 1e15, 1e16, 1.5e300, .leastNonzeroMagnitude, .infinity]
        let script = """
            import sys
            from prometheus_client.utils import floatToGoString
            for line in sys.stdin.read().split():
                print(floatToGoString(float(line)))
            """
        let input = values.map { "\($0)" }.joined(separator: "\n")
        let result = try python(["-c", script], input: input)
        try #require(result.status == 0, "python failed:\n\(result.stderr)")
        let expected = result.stdout.split(separator: "\n").map(String.init)
        let rendered = values.map { ExpositionNumber.canonical($0) }
        try #require(expected.count == rendered.count)
        for (value, (ours, theirs)) in zip(values, zip(rendered, expected)) where ours != theirs {
            Issue.record("le for \(value): rendered \(ours), prometheus_client \(theirs)")
        }
    }

    private func python(_ arguments: [String], input: String) throws -> Subprocess.Output {
        // Through env so the interpreter that has prometheus_client (pyenv or system) is found on PATH.
        try Subprocess.run("/usr/bin/env", ["python3"] + arguments, input: input)
    }
}
