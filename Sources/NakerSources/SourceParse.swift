import Logging
import NakerConfig

/// One read of a source's CSV in progress: the header makes the row parser, then every record
/// is counted or rejected. A value the read's callback mutates in place.
struct SourceParse {
    private let source: SourceConfig
    private let path: String
    private(set) var parser: DatasetRowParser?
    private(set) var rejections: RejectionLog

    init(source: SourceConfig, path: String, logger: Logger, continuing parser: DatasetRowParser? = nil) {
        self.source = source
        self.path = path
        self.parser = parser
        rejections = RejectionLog(logger: logger, source: source.name, file: path)
    }

    mutating func take(_ event: CSVReader.RawEvent) throws {
        switch event {
        case .record(let record):
            guard parser != nil else { return try readHeader(record) }
            for rejection in parser?.parse(record) ?? [] { rejections.record(rejection) }
        case .malformed(let line, let problem):
            // A row held back by the parser comes first.
            for rejection in parser?.flush() ?? [] { rejections.record(rejection) }
            rejections.record(RowRejection(line: line, reason: .malformed(problem)))
        }
    }

    /// After the last event: commits the row the parser still holds.
    mutating func finish() {
        for rejection in parser?.flush() ?? [] { rejections.record(rejection) }
    }

    private mutating func readHeader(_ record: CSVRecordView) throws {
        let fields: [String]
        switch record.strings() {
        case .success(let header): fields = header
        case .failure(let problem):
            throw CSVReaderError.malformedHeader(path: path, line: record.line, problem: problem)
        }
        do throws(DatasetHeaderError) {
            parser = try DatasetRowParser(source: source, header: fields)
        } catch {
            throw SourceLoadError.header(source: source.name, path: path, line: record.line, error)
        }
    }
}
