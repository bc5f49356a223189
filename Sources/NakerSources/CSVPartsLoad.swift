import Dispatch
import Foundation
import Logging
import NakerConfig

/// One large registry CSV read on every core.
///
/// The file is cut into byte ranges just after a line feed, and each range is parsed on its own
/// thread as if a record started there, with its own row parser (ids, groups, counts). The parts
/// are then joined in file order, which keeps the file's meaning exactly:
/// - a cut is right when the part before it really ends between records there; when it fell
///   inside a quoted field, that part is read again, on from where the part before ended;
/// - line numbers of a part are counted from the line the part before ended on;
/// - an id already accepted in an earlier part makes that part's row a duplicate (the first
///   row in file order wins): such a part is read again with those ids taken, so its
///   duplicates are rejected at their lines like any other.
///
/// Both fallbacks read a part a second time, so a file whose ids repeat across the whole of it
/// costs more; the answer is the same as reading it in one piece.
public enum CSVParts {
    /// How many parts, at most, and the least bytes one part is worth.
    public struct Plan: Sendable, Hashable {
        public var threads: Int
        public var minimumBytes: Int64

        public init(threads: Int, minimumBytes: Int64 = 8 << 20) {
            self.threads = max(1, threads)
            self.minimumBytes = max(1, minimumBytes)
        }

        /// One part per core this process may run on.
        public static var machine: Plan { Plan(threads: ProcessInfo.processInfo.activeProcessorCount) }
        /// Every file read in one piece.
        public static let single = Plan(threads: 1)
    }

    /// A file opened to be read in parts: positioned reads of one descriptor, from any thread.
    final class File: @unchecked Sendable {
        let file: ReadableFile
        let fingerprint: FileFingerprint
        let encoding: TextEncoding
        let header: [String]
        /// Where each part starts; a part ends where the next starts, the last at the end of the file.
        let starts: [Int64]
        /// Line feeds per byte around the first cut, to guess how many rows each part holds.
        let lineDensity: Double

        init(
            _ file: consuming ReadableFile, fingerprint: FileFingerprint, encoding: TextEncoding,
            header: [String], starts: [Int64], lineDensity: Double
        ) {
            self.file = file
            self.fingerprint = fingerprint
            self.encoding = encoding
            self.header = header
            self.starts = starts
            self.lineDensity = lineDensity
        }

        /// About how many rows part `index` holds (a little more, so that it need not grow).
        func expectedRows(_ index: Int) -> Int {
            let end = index + 1 < starts.count ? starts[index + 1] : fingerprint.size
            return Int(Double(end - starts[index]) * lineDensity * 1.05)
        }
    }
}

extension CSVReader {
    /// This many bytes are searched for the header row.
    private static let headerWindow: Int64 = 2 << 20
    /// How far past a cut a line feed is looked for.
    private static let cutWindow = 1 << 20

    /// Opens the file and cuts it into parts; nil when it is too small to be worth it or its
    /// header is not a clean record (then reading it in one piece reports what is wrong).
    func parts(_ plan: CSVParts.Plan) throws -> CSVParts.File? {
        try checkDelimiter()
        let file = try ReadableFile(path: path)
        let fingerprint = try file.fingerprint()
        let start = try dataStart(file)
        let bytes = fingerprint.size - start.offset
        let count = Int(min(Int64(plan.threads), bytes / plan.minimumBytes))
        guard count > 1, let header = try header(file, from: start.offset, encoding: start.encoding) else {
            return nil
        }
        var starts = [start.offset]
        var lineDensity = 0.0
        for index in 1..<count {
            let target = start.offset + bytes * Int64(index) / Int64(count)
            guard let (cut, density) = try lineStart(file, atOrAfter: target),
                cut > starts.last! + max(1, plan.minimumBytes / 2), cut < fingerprint.size
            else { continue }
            starts.append(cut)
            if lineDensity == 0 { lineDensity = density }
        }
        // A header that runs past the first cut is still read right: part 0 then ends inside a
        // record, and part 1 is read again on from there.
        guard starts.count > 1 else { return nil }
        return CSVParts.File(
            file, fingerprint: fingerprint, encoding: start.encoding, header: header, starts: starts,
            lineDensity: lineDensity)
    }

    /// The first record's fields, when it is a clean record within `headerWindow` bytes.
    private func header(_ file: borrowing ReadableFile, from start: Int64, encoding: TextEncoding) throws
        -> [String]?
    {
        struct Found: Error { let fields: [String]? }
        var scanner = CSVRecordScanner(
            delimiter: delimiter, maxRecordBytes: maxRecordBytes, encoding: encoding)
        var tail: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 1)
        defer { buffer.deallocate() }
        do {
            _ = try pump(file, from: start, to: start + Self.headerWindow, &scanner, &tail, buffer) { event in
                guard case .record(let record) = event, record.problems.isEmpty,
                    case .success(let fields) = record.strings()
                else { throw Found(fields: nil) }
                throw Found(fields: fields)
            }
        } catch let found as Found {
            return found.fields
        }
        return nil
    }

    /// The offset just after the first line feed at or after `target - 1`, and the line feeds
    /// per byte from there; nil when there is none within `cutWindow` bytes.
    private func lineStart(_ file: borrowing ReadableFile, atOrAfter target: Int64) throws
        -> (offset: Int64, density: Double)?
    {
        var window = [UInt8](repeating: 0, count: Self.cutWindow)
        let from = target - 1
        let read = try window.withUnsafeMutableBytes {
            try file.read(into: $0, at: from, limit: Self.cutWindow, minimum: Self.cutWindow)
        }
        let bytes = window.prefix(read)
        guard let index = bytes.firstIndex(of: CSVRecordScanner.lineFeed) else { return nil }
        let lines = bytes.reduce(0) { $0 + ($1 == CSVRecordScanner.lineFeed ? 1 : 0) }
        return (from + Int64(index) + 1, Double(lines) / Double(read))
    }

    /// Feeds part `index` of `parts` to `scanner` (the first part's first record is its header
    /// row); returns the offset reached.
    func readPart(
        _ index: Int, of parts: CSVParts.File, _ scanner: inout CSVRecordScanner, _ tail: inout [UInt8],
        _ body: (RawEvent) throws -> Void
    ) throws -> Int64 {
        let end = index + 1 < parts.starts.count ? parts.starts[index + 1] : nil
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(chunkBytes, CSVReadEnd.tailBytes), alignment: 1)
        defer { buffer.deallocate() }
        var header = HeaderCheck(path: path, seen: index > 0)
        return try pump(parts.file, from: parts.starts[index], to: end, &scanner, &tail, buffer) {
            try header.deliver($0, body)
        }
    }

    func scanner(for parts: CSVParts.File) -> CSVRecordScanner {
        CSVRecordScanner(delimiter: delimiter, maxRecordBytes: maxRecordBytes, encoding: parts.encoding)
    }
}

/// One part as its thread left it.
private struct PartRead {
    var parse: SourceParse
    /// Where the part ended; for the last part, before its unterminated last record (if any)
    /// was delivered, as a resumable end needs it.
    var scanner: CSVRecordScanner
    var tail: [UInt8] = []
    var end: Int64 = 0
}

extension SourceLoader {
    /// Reads a large registry file in parts side by side; nil when it is read in one piece.
    func readInParts(_ reader: CSVReader, _ source: SourceConfig) throws
        -> (parse: SourceParse, outcome: CSVReadOutcome, parts: Int)?
    {
        guard parts.threads > 1, source.dataset != .labourForce, let file = try reader.parts(parts) else {
            return nil
        }
        let template: DatasetRowParser
        do {
            template = try DatasetRowParser(source: source, header: file.header)
        } catch {
            return nil
        }
        let path = reader.path
        let count = file.starts.count
        // No other reference to the parts stays, so that joining one frees it.
        var partReads = try SideBySide.map(count) { index in
            Result { () throws -> PartRead in
                // Part 0 makes its parser from the header row it reads; the others start
                // from a copy of the one made from the header read ahead.
                var parser: DatasetRowParser?
                if index > 0 {
                    parser = template
                    parser?.reserve(rows: file.expectedRows(index))
                }
                var part = PartRead(
                    parse: SourceParse(
                        source: source, path: path, logger: logger, continuing: parser, holding: index > 0),
                    scanner: reader.scanner(for: file))
                parser = nil
                part.parse.expectedRows = file.expectedRows(index)
                part.end = try reader.readPart(index, of: file, &part.scanner, &part.tail) {
                    try part.parse.take($0)
                }
                if index == count - 1 {
                    var last = part.scanner
                    try last.finish { try part.parse.take($0) }
                }
                part.parse.finish()
                return part
            }
        }.map { try $0.get() }
        logger.debug(
            "parts read", metadata: ["source": .string(source.name), "parts": .stringConvertible(count)])

        var joined = partReads[0].parse
        partReads[0].parse.parser = nil  // else joining would copy every id of part 0
        var scanner = partReads[0].scanner
        var tail = partReads[0].tail
        var end = partReads[0].end
        for index in 1..<count {
            let isLast = index == count - 1
            guard scanner.isAtLineStart else {
                // The cut fell inside a record: read on from where the part before ended.
                logger.debug(
                    "part of a file read again: its cut fell inside a record",
                    metadata: ["source": .string(source.name), "part": .stringConvertible(index)])
                end = try reader.readPart(index, of: file, &scanner, &tail) { try joined.take($0) }
                if isLast {
                    var last = scanner
                    try last.finish { try joined.take($0) }
                }
                joined.finish()
                continue
            }
            var part = partReads[index]
            partReads[index].parse.parser = nil  // released as soon as it is joined
            var lineOffset = scanner.line - 1
            let repeated = joined.parser!.takeIDs(of: part.parse.parser!, threads: parts.threads)
            if !repeated.isEmpty {
                logger.debug(
                    "part of a file read again: ids of earlier parts repeat in it",
                    metadata: [
                        "source": .string(source.name), "part": .stringConvertible(index),
                        "ids": .stringConvertible(repeated.count),
                    ])
                var again = PartRead(
                    parse: SourceParse(
                        source: source, path: path, logger: logger,
                        continuing: template.seeded(with: repeated),
                        holding: true),
                    scanner: reader.scanner(for: file))
                again.scanner.shiftLines(by: lineOffset)
                again.end = try reader.readPart(index, of: file, &again.scanner, &again.tail) {
                    try again.parse.take($0)
                }
                if isLast {
                    var last = again.scanner
                    try last.finish { try again.parse.take($0) }
                }
                again.parse.finish()
                (part, lineOffset) = (again, 0)
            }
            joined.parser!.addCounts(of: part.parse.parser!)
            joined.rejections.record(contentsOf: part.parse.rejections, lineOffset: lineOffset)
            scanner = part.scanner
            scanner.shiftLines(by: lineOffset)
            (tail, end) = (part.tail, part.end)
        }
        let resumable = scanner.isBetweenRecords ? CSVReadEnd(scanner: scanner, offset: end, tail: tail) : nil
        return (joined, CSVReadOutcome(fingerprint: file.fingerprint, end: resumable), count)
    }
}

/// Work spread over threads, one piece per index, each writing only its own result.
enum SideBySide {
    /// `work(0) … work(count - 1)` side by side (Dispatch's pool, as wide as the cores); the
    /// results in index order.
    static func map<T>(_ count: Int, _ work: (Int) -> T) -> [T] {
        withoutActuallyEscaping(work) { work in
            let slots = UnsafeMutablePointer<T?>.allocate(capacity: count)
            slots.initialize(repeating: nil, count: count)
            defer {
                slots.deinitialize(count: count)
                slots.deallocate()
            }
            let shared = Shared(work: work, slots: slots)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                shared.slots[index] = shared.work(index)
            }
            return (0..<count).map { slots[$0]! }
        }
    }

    /// Each index is run by one thread and written by it alone, and `concurrentPerform`
    /// returns only after all have finished.
    private struct Shared<T>: @unchecked Sendable {
        let work: (Int) -> T
        let slots: UnsafeMutablePointer<T?>
    }
}
