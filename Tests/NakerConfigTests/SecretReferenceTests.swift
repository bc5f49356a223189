import Foundation
import NakerTestSupport
import Testing

@testable import NakerConfig

struct SecretReferenceTests {
    let value = "xoxb-SECRET-VALUE-1234"

    @Test func inlineValue() throws {
        let source = SecretReference(
            .value(value), owner: "receiver \"leadership\"", field: "header Authorization")
        #expect(try source.resolve() == value)
    }

    @Test(arguments: [
        ("token\n", "token"), ("token\r\n", "token"), ("token", "token"), ("token\n\n", "token\n"),
        (" token \n", " token "),
    ])
    func fileValueLosesOneTrailingNewline(_ content: String, _ expected: String) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("token", content)
        #expect(try SecretReference(.file(path), owner: "receiver \"r\"", field: "url").resolve() == expected)
    }

    @Test func environmentValueByName() throws {
        let source = SecretReference(
            .environment("LEADERSHIP_URL"), owner: "receiver \"leadership\"", field: "url")
        #expect(try source.resolve(environment: ["LEADERSHIP_URL": value]) == value)
    }

    @Test func missingFileNamesOwnerFieldAndPath() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("absent")
        let error = #expect(throws: SecretError.self) {
            try SecretReference(.file(path), owner: "receiver \"leadership\"", field: "url").resolve()
        }
        let text = "\(error!)"
        #expect(text.contains("\"leadership\""))
        #expect(text.contains("url"))
        #expect(text.contains(path))
        #expect(text.contains("No such file"))
    }

    @Test func unsetVariableNamesTheVariableNotTheValue() {
        let error = #expect(throws: SecretError.self) {
            try SecretReference(.environment("NAKER_TOKEN"), owner: "receiver \"ops\"", field: "hmac_secret")
                .resolve(environment: [:])
        }
        let text = "\(error!)"
        #expect(text.contains("NAKER_TOKEN"))
        #expect(text.contains("\"ops\""))
        #expect(text.contains("hmac_secret"))
    }

    @Test func emptyValuesAreErrorsThatDoNotRepeatTheValue() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("empty", "\n")
        let sources = [
            SecretReference(.value(""), owner: "receiver \"ops\"", field: "url"),
            SecretReference(.file(path), owner: "receiver \"ops\"", field: "url"),
            SecretReference(.environment("EMPTY"), owner: "receiver \"ops\"", field: "url"),
        ]
        for source in sources {
            let error = #expect(throws: SecretError.self) { try source.resolve(environment: ["EMPTY": ""]) }
            #expect("\(error!)".contains("is empty"))
        }
    }

    @Test func describingAReferenceNeverShowsAnInlineValue() {
        let source = SecretReference(
            .value(value), owner: "receiver \"leadership\"", field: "header Authorization")
        var dumped = ""
        dump(source, to: &dumped)
        for text in ["\(source)", String(reflecting: source), dumped] {
            #expect(!text.contains(value))
            #expect(text.contains("leadership"))
        }
    }

    @Test func tooLargeFilesAreRejected() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "big", String(repeating: "a", count: SecretReference.fileSizeLimit + 1))
        let error = #expect(throws: SecretError.self) {
            try SecretReference(.file(path), owner: "receiver \"ops\"", field: "url").resolve()
        }
        #expect("\(error!)".contains(path))
    }
}
