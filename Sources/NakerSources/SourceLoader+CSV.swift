import Logging
import NakerConfig

extension SourceLoader {
    mutating func loadCSV(_ source: SourceConfig, _ location: CSVLocation, deadline: ContinuousClock.Instant)
        throws -> SourceLoad
    {
        let path = location.path
        var metadata: Logger.Metadata = ["source": .string(source.name), "file": .string(path)]
        let current: FileFingerprint
        do {
            current = try FileFingerprint(path: path)
        } catch {
            throw SourceLoadError.file(source: source.name, error)
        }
        var cached = cache.flatMap { $0.source == source ? $0 : nil }
        if let cached, cached.load.fingerprint == current,
            cached.settled || isUnchanged(cached, path, location)
        {
            logger.debug("source file unchanged, reusing last load", metadata: metadata)
            var reused = cached.load
            reused.reusedUnchangedFile = true
            return reused
        }

        // Taken before reading: a change during the read then counts as after this time.
        let startedAt = FileFingerprint.wallClockNanoseconds()
        var reader = CSVReader(path: path, delimiter: location.delimiter)
        reader.deadline = deadline
        var parse = SourceParse(source: source, path: path, logger: logger)
        var outcome: CSVReadOutcome?
        var earlierRejections = 0
        do {
            // The cache gives up its parser so that reading on mutates it in place instead of
            // copying every id seen so far.
            var resume = cached?.resume.take()
            cache?.resume = nil
            if let cached, resume != nil, current.device == cached.load.fingerprint.device,
                current.inode == cached.load.fingerprint.inode, let end = resume?.end
            {
                var appended = SourceParse(
                    source: source, path: path, logger: logger, continuing: resume.take()?.parser)
                outcome = try reader.readRecords(resuming: end) { try appended.take($0) }
                appended.finish()
                if outcome != nil {
                    parse = appended
                    earlierRejections = cached.load.rejectedRows
                    metadata["appended_from"] = .stringConvertible(end.offset)
                }
            }
            if outcome == nil {
                outcome = try reader.readRecords(resuming: nil) { try parse.take($0) }
                parse.finish()
            }
        } catch let error as CSVReaderError {
            throw SourceLoadError.file(source: source.name, error)
        }

        // The reader already throws when no header arrived; this only keeps the compiler sure.
        guard let outcome, let parser = parse.parser else {
            throw SourceLoadError.file(source: source.name, .noHeader(path: path))
        }
        let fingerprint = outcome.fingerprint
        let accepted = parser.acceptedRows
        let rejected = earlierRejections + parse.rejections.count
        let result = SourceLoad(
            name: source.name, data: parser.data, acceptedRows: accepted,
            rejectedRows: rejected, fingerprint: fingerprint, reusedUnchangedFile: false)
        parse.rejections.summarize(accepted: accepted)
        metadata["accepted"] = .stringConvertible(accepted)
        metadata["rejected"] = .stringConvertible(rejected)
        metadata["bytes"] = .stringConvertible(fingerprint.size)
        logger.info("source loaded", metadata: metadata)
        cache = CachedLoad(
            source: source, load: result,
            settled: fingerprint.isSettled(now: startedAt, settleTime: settleTime),
            resume: outcome.end.map { CachedLoad.Resume(parser: parser, end: $0) })
        return result
    }

    /// A file changed too recently for its fingerprint to be trusted, checked by its last
    /// bytes instead of read again whole: a grown file is read on from where it ended.
    private func isUnchanged(_ cached: CachedLoad, _ path: String, _ location: CSVLocation) -> Bool {
        guard let resume = cached.resume else { return false }
        let reader = CSVReader(path: path, delimiter: location.delimiter)
        return (try? reader.endsWith(resume.end)) ?? false
    }
}
