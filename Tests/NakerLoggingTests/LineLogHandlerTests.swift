import Foundation
import Logging
import Testing

@testable import NakerLogging

#if canImport(Glibc)
    import Glibc
#endif

struct LineLogHandlerTests {
    /// Logs through a handler writing into a pipe and returns what came out.
    func lines(format: LogFormat, journal: Bool, _ body: (Logger) -> Void) -> [String] {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        let handler = LineLogHandler(
            label: "test", level: .debug, format: format, output: LineOutput(descriptor: descriptors[1]),
            journal: journal)
        body(Logger(label: "test") { _ in handler })
        close(descriptors[1])
        let data = FileHandle(fileDescriptor: descriptors[0], closeOnDealloc: true).readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func logfmtQuotesWhatNeedsIt() {
        let output = lines(format: .logfmt, journal: false) {
            $0.warning(
                "source row rejected",
                metadata: ["line": "12", "reason": "bad date in \"registered_on\"", "file": "/a b.csv"])
        }
        #expect(output.count == 1)
        let line = output[0]
        #expect(line.hasPrefix("ts=20"))
        #expect(
            line.hasSuffix(
                #"level=warning msg="source row rejected" file="/a b.csv" line=12 reason="bad date in \"registered_on\"""#
            ))
    }

    @Test func jsonLinesParse() throws {
        let output = lines(format: .json, journal: false) {
            $0.info("config reloaded", metadata: ["targets": "6", "note": "tab\there\nnewline"])
        }
        let object = try JSONSerialization.jsonObject(with: Data(output[0].utf8)) as? [String: String]
        #expect(object?["msg"] == "config reloaded")
        #expect(object?["note"] == "tab\there\nnewline")
        #expect(object?["level"] == "info")
        #expect(object?["ts"] != nil)
    }

    @Test func underJournaldEachLineCarriesItsPriorityAndNoTimestamp() {
        let output = lines(format: .logfmt, journal: true) {
            $0.debug("d")
            $0.info("i")
            $0.warning("w")
            $0.error("e")
            $0.critical("c")
        }
        #expect(
            output == [
                "<7>level=debug msg=d", "<6>level=info msg=i", "<4>level=warning msg=w",
                "<3>level=error msg=e", "<2>level=critical msg=c",
            ])
    }

    @Test func journalStreamMustBeStderrItself() {
        #expect(!LineLogHandler.stderrIsJournal(environment: [:]))
        #expect(!LineLogHandler.stderrIsJournal(environment: ["JOURNAL_STREAM": "1:2"]))
        var status = stat()
        #expect(fstat(2, &status) == 0)
        #expect(
            LineLogHandler.stderrIsJournal(environment: [
                "JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino)"
            ]))
    }

    @Test func levelsBelowTheThresholdAreDropped() {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        let handler = LineLogHandler(
            label: "t", level: .warning, format: .logfmt, output: LineOutput(descriptor: descriptors[1]),
            journal: false)
        let logger = Logger(label: "t") { _ in handler }
        logger.info("hidden")
        logger.warning("shown")
        close(descriptors[1])
        let text = String(
            decoding: FileHandle(fileDescriptor: descriptors[0], closeOnDealloc: true).readDataToEndOfFile(),
            as: UTF8.self)
        #expect(!text.contains("hidden"))
        #expect(text.contains("shown"))
    }
}
