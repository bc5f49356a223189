import Logging
import NakerConfig
import NakerCore

/// Loads sources, skipping files that have not changed since their last successful load.
///
/// One loader per source: a value the caller owns and uses from one task at a time, holding the
/// last load of its source (a load of another configuration replaces it).
public struct SourceLoader: Sendable {
    struct CachedLoad: Sendable {
        var source: SourceConfig
        var load: SourceLoad
        /// Whether the fingerprint can be trusted to change with the file (see `isSettled`).
        var settled: Bool
        /// How to read on when the file grows: the parser with the ids and counts so far.
        var resume: Resume?
        /// What a database said about its state when it was last aggregated.
        var change: SQLChangeToken? = nil
        /// What an HTTP server said identifies the document it sent (for a conditional request).
        var validators: HTTPFetch.Validators? = nil

        struct Resume: Sendable {
            var parser: DatasetRowParser
            var end: CSVReadEnd
        }
    }

    let logger: Logger
    let settleTime: Duration
    /// How a large CSV is cut to be read on several cores (see `CSVPartsLoad`).
    let parts: CSVParts.Plan
    var cache: CachedLoad?

    /// - Parameters:
    ///   - settleTime: a file changed less than this before it was read is read again next
    ///     time even if its fingerprint looks the same, since file timestamps are coarse.
    ///   - parts: how many threads read one large registry file, and the least bytes each.
    public init(logger: Logger, settleTime: Duration = .seconds(2), parts: CSVParts.Plan = .machine) {
        self.logger = logger
        self.settleTime = settleTime
        self.parts = parts
    }

    /// Loads `source`, or returns its previous result when the file is unchanged.
    ///
    /// Rejected rows are counted and logged, never thrown.
    /// - Parameter deadline: when the load counts as failed; nil: the source's `timeout` from now.
    /// - Throws: `SourceLoadError` when the file cannot be used at all or the deadline passed.
    public mutating func load(_ source: SourceConfig, deadline: ContinuousClock.Instant? = nil) throws
        -> SourceLoad
    {
        let deadline = deadline ?? .now + source.timeout
        switch source.location {
        case .csv(let location): return try loadCSV(source, location, deadline: deadline)
        case .xlsx(let location): return try loadXLSX(source, location, deadline: deadline)
        case .sql(let location): return try loadSQL(source, location, deadline: deadline)
        case .http(let location): return try loadHTTP(source, location, deadline: deadline)
        }
    }
}

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
        var reader = CSVReader(path: path, delimiter: location.delimiter, encoding: location.encoding)
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
            if outcome == nil, let whole = try readInParts(reader, source) {
                (parse, outcome) = (whole.parse, whole.outcome)
                metadata["parts"] = .stringConvertible(whole.parts)
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

extension SourceLoader {
    /// A workbook is read whole whenever it changed: an append cannot be resumed inside a zip.
    mutating func loadXLSX(
        _ source: SourceConfig, _ location: XLSXLocation, deadline: ContinuousClock.Instant
    )
        throws -> SourceLoad
    {
        let path = location.path
        var metadata: Logger.Metadata = ["source": .string(source.name), "file": .string(path)]
        do {
            let current = try FileFingerprint(path: path)
            if let cached = cache, cached.source == source, cached.load.fingerprint == current, cached.settled
            {
                logger.debug("source file unchanged, reusing last load", metadata: metadata)
                var reused = cached.load
                reused.reusedUnchangedFile = true
                return reused
            }
            let startedAt = FileFingerprint.wallClockNanoseconds()
            var reader = XLSXReader(location, dataset: source.dataset)
            reader.deadline = deadline
            let sheet = try reader.open()
            var parse = SourceParse(source: source, path: path, sheet: sheet.name, logger: logger)
            try sheet.read { try parse.take($0) }
            parse.finish()
            guard let parser = parse.parser else {
                throw XLSXError.noHeaderRow(path: path, sheet: sheet.name, row: location.headerRow)
            }
            let accepted = parser.acceptedRows
            let result = SourceLoad(
                name: source.name, data: parser.data, acceptedRows: accepted,
                rejectedRows: parse.rejections.count, fingerprint: sheet.fingerprint,
                reusedUnchangedFile: false)
            parse.rejections.summarize(accepted: accepted)
            metadata["sheet"] = .string(sheet.name)
            metadata["accepted"] = .stringConvertible(accepted)
            metadata["rejected"] = .stringConvertible(parse.rejections.count)
            metadata["bytes"] = .stringConvertible(sheet.fingerprint.size)
            logger.info("source loaded", metadata: metadata)
            cache = CachedLoad(
                source: source, load: result,
                settled: sheet.fingerprint.isSettled(now: startedAt, settleTime: settleTime), resume: nil)
            return result
        } catch let error as CSVReaderError {
            throw SourceLoadError.file(source: source.name, error)
        } catch let error as XLSXError {
            throw SourceLoadError.workbook(source: source.name, error)
        }
    }
}

/// One read of a source's CSV or sheet in progress: the header makes the row parser, then every
/// record is counted or rejected. A value the read's callback mutates in place.
struct SourceParse {
    private let source: SourceConfig
    private let path: String
    /// The sheet's name when the records are a workbook's rows.
    private let sheet: String?
    /// Whether the records are a JSON document's (`url#records[17]`).
    private let records: Bool
    var parser: DatasetRowParser?
    var rejections: RejectionLog
    /// About how many rows are coming, for the parser made from the header to make room.
    var expectedRows = 0

    /// - Parameter holding: keep the rejections instead of logging them (a part read ahead).
    init(
        source: SourceConfig, path: String, sheet: String? = nil, records: Bool = false, logger: Logger,
        continuing parser: DatasetRowParser? = nil, holding: Bool = false
    ) {
        self.source = source
        self.path = path
        self.sheet = sheet
        self.records = records
        self.parser = parser
        rejections = RejectionLog(
            logger: logger, source: source.name, file: path, sheet: sheet, records: records, holding: holding)
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
            parser?.reserve(rows: expectedRows)
        } catch {
            if records { throw SourceLoadError.http(source: source.name, .header(url: path, error)) }
            if let sheet {
                throw SourceLoadError.workbook(
                    source: source.name, .header(path: path, sheet: sheet, row: record.line, error))
            }
            throw SourceLoadError.header(source: source.name, path: path, line: record.line, error)
        }
    }
}

/// The outcome of loading one source: its dataset and how many rows made it in.
public struct SourceLoad: Hashable, Sendable {
    public var name: String
    public var data: SourceData
    public var acceptedRows: Int
    public var rejectedRows: Int
    /// The file as it was read.
    public var fingerprint: FileFingerprint
    /// True when the file was unchanged and this is the previous load's result, not re-read.
    public var reusedUnchangedFile: Bool
}

/// A source could not be loaded at all; its last good data stays in use.
public enum SourceLoadError: Error, Hashable, Sendable {
    case file(source: String, CSVReaderError)
    case header(source: String, path: String, line: Int, DatasetHeaderError)
    case workbook(source: String, XLSXError)
    case database(source: String, SQLError)
    case http(source: String, HTTPSourceError)
}

extension SourceLoadError {
    /// A failure that passes by itself (the process or system out of descriptors or memory, a
    /// database not answering yet), so the load is tried again soon, not at the next interval.
    public var isTransient: Bool {
        switch self {
        case .file(_, .cannotOpen(_, let reason)), .file(_, .readFailed(_, let reason)):
            Self.transientReasons.contains(reason)
        case .database(_, .connect): true
        case .file, .header, .workbook, .database, .http: false
        }
    }

    /// strerror's words for the passing errors, as the readers put them in their errors.
    static let transientReasons: Set<String> = Set(
        [EMFILE, ENFILE, EAGAIN, ENOMEM, ENOBUFS].map { ReadableFile.errorText($0) })
}

extension SourceLoadError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .file(let source, let error):
            "source '\(source)': \(error)"
        case .header(let source, let path, let line, let error):
            "source '\(source)': header row of \(path) (line \(line)): \(error)"
        case .workbook(let source, let error):
            "source '\(source)': \(error)"
        case .database(let source, let error):
            "source '\(source)': \(error)"
        case .http(let source, let error):
            "source '\(source)': \(error)"
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What identifies one version of a file without reading it: `stat(2)` fields.
///
/// The change time is included because tools such as `rsync -t` or `cp -p` restore the
/// modification time but cannot set it.
public struct FileFingerprint: Hashable, Sendable {
    public var size: Int64
    public var device: UInt64
    public var inode: UInt64
    /// Modification time, nanoseconds since 1970.
    public var modifiedNanoseconds: Int64
    /// Inode change time, nanoseconds since 1970.
    public var changedNanoseconds: Int64

    public init(
        size: Int64, device: UInt64, inode: UInt64, modifiedNanoseconds: Int64, changedNanoseconds: Int64
    ) {
        self.size = size
        self.device = device
        self.inode = inode
        self.modifiedNanoseconds = modifiedNanoseconds
        self.changedNanoseconds = changedNanoseconds
    }

    init(_ info: stat) {
        #if canImport(Darwin)
            let modified = info.st_mtimespec
            let changed = info.st_ctimespec
        #else
            let modified = info.st_mtim
            let changed = info.st_ctim
        #endif
        self.init(
            size: Int64(info.st_size), device: UInt64(truncatingIfNeeded: info.st_dev),
            inode: UInt64(truncatingIfNeeded: info.st_ino),
            modifiedNanoseconds: FileFingerprint.nanoseconds(modified),
            changedNanoseconds: FileFingerprint.nanoseconds(changed))
    }

    /// Stats `path` without opening it.
    public init(path: String) throws(CSVReaderError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .cannotOpen(path: path, reason: ReadableFile.errorText(errno))
        }
        try FileFingerprint.requireRegularFile(info, path: path)
        self.init(info)
    }

    /// Only regular files are read: a device (`/dev/zero`) never ends, a FIFO blocks until a writer comes.
    static func requireRegularFile(_ info: stat, path: String) throws(CSVReaderError) {
        let kind: String
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw .isDirectory(path: path)
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        case S_IFIFO: kind = "a FIFO (named pipe)"
        case S_IFSOCK: kind = "a socket"
        default: kind = "not a file"
        }
        throw .notRegularFile(path: path, kind: kind)
    }

    static func nanoseconds(_ time: timespec) -> Int64 {
        Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension FileFingerprint {
    /// Whether a later change is sure to alter this fingerprint.
    ///
    /// File timestamps come from a coarse clock (a few milliseconds on Linux), so a same-size
    /// rewrite right after a `stat` can leave every field equal. A file last changed at least
    /// `settleTime` before `now` is past that window.
    func isSettled(now: Int64, settleTime: Duration) -> Bool {
        let settle = settleTime.components
        let settleNanoseconds = settle.seconds * 1_000_000_000 + settle.attoseconds / 1_000_000_000
        return max(modifiedNanoseconds, changedNanoseconds) <= now - settleNanoseconds
    }

    /// The wall clock in the same unit as file timestamps.
    static func wallClockNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return nanoseconds(now)
    }
}
