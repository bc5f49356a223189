import Logging
import NakerConfig

extension SourceLoader {
    mutating func loadCSV(_ source: SourceConfig, _ location: CSVLocation) throws -> SourceLoad {
        let path = location.path
        var metadata: Logger.Metadata = ["source": .string(source.name), "file": .string(path)]
        let current: FileFingerprint
        do {
            current = try FileFingerprint(path: path)
        } catch {
            throw SourceLoadError.file(source: source.name, error)
        }
        if let cached = cache[source.name], cached.settled, cached.source == source,
            cached.load.fingerprint == current
        {
            logger.debug("source file unchanged, reusing last load", metadata: metadata)
            var reused = cached.load
            reused.reusedUnchangedFile = true
            return reused
        }

        // Taken before reading: a change during the read then counts as after this time.
        let startedAt = FileFingerprint.wallClockNanoseconds()
        var parser: DatasetRowParser?
        var rejections = RejectionLog(logger: logger, source: source.name, file: path)
        let reader = CSVReader(path: path, delimiter: location.delimiter)
        let fingerprint: FileFingerprint
        do {
            fingerprint = try reader.read { event in
                switch event {
                case .record(let line, let fields):
                    if parser == nil {
                        do throws(DatasetHeaderError) {
                            parser = try DatasetRowParser(source: source, header: fields)
                        } catch {
                            throw SourceLoadError.header(source: source.name, path: path, line: line, error)
                        }
                    } else if let rejection = parser?.parse(line: line, fields: fields) {
                        rejections.record(rejection)
                    }
                case .malformed(let line, let problem):
                    rejections.record(RowRejection(line: line, reason: .malformed(problem)))
                }
            }
        } catch let error as CSVReaderError {
            throw SourceLoadError.file(source: source.name, error)
        }

        // The reader already throws when no header arrived; this only keeps the compiler sure.
        guard let parser else { throw SourceLoadError.file(source: source.name, .noHeader(path: path)) }
        let accepted = parser.acceptedRows
        let result = SourceLoad(
            name: source.name, data: parser.data, acceptedRows: accepted,
            rejectedRows: rejections.count, fingerprint: fingerprint, reusedUnchangedFile: false)
        rejections.summarize(accepted: accepted)
        metadata["accepted"] = .stringConvertible(accepted)
        metadata["rejected"] = .stringConvertible(rejections.count)
        metadata["bytes"] = .stringConvertible(fingerprint.size)
        logger.info("source loaded", metadata: metadata)
        cache[source.name] = CachedLoad(
            source: source, load: result,
            settled: fingerprint.isSettled(now: startedAt, settleTime: settleTime))
        return result
    }
}
