import FuzzSupport
import Logging
import NakerConfig
import NakerCore
import NakerSources

#if canImport(Glibc)
    import Glibc
#endif

/// A CSV source from bytes to counts. Input: 4 option bytes, then the file.
///
/// - byte 0: bits 0–1 the dataset kind, bit 2 `;` instead of `,`, bit 3 keep only the label
///   columns, bit 4 a validity of `1 + byte 3 × 143` days instead of 730, bit 5 (job seekers)
///   the sample's Indonesian headers (`columns:` map), bit 6 Windows-1252, bit 7 D/M/YYYY dates
///   (labour_force: "." thousands separators);
/// - byte 1: a chunk size of 1–64 bytes for the chunked read;
/// - byte 2: a record limit (0: the default 1 MiB);
/// - byte 3: where to cut the file for the two-piece load.
///
/// The file is loaded with `SourceLoader` (the daemon's path); read again through `CSVReader` and
/// `DatasetRowParser` in 64 KiB and in tiny chunks; read in parts on several threads; and written in
/// two pieces with a load after each, the second reading on from where the first ended. All must agree.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var input = FuzzInput(data, count)
    let options = input.byte()
    let chunkBytes = 1 + Int(input.byte() % 64)
    let limit = Int(input.byte())
    let cutByte = input.byte()
    let file = Array(input.rest())

    let kind = DatasetKind.allCases[Int(options & 3)]
    let delimiter = options & 4 == 0 ? UInt8(ascii: ",") : UInt8(ascii: ";")
    // Excel's Windows export: Windows-1252 with day-first dates, or thousands separators in counts.
    let encoding: TextEncoding = options & 64 == 0 ? .utf8 : .windows1252
    let format =
        options & 128 == 0
        ? FieldFormat()
        : kind == .labourForce
            ? FieldFormat(thousandsSeparator: UInt8(ascii: "."))
            : FieldFormat(dateFormat: .dayMonthYearUnpadded)
    let source = SourceConfig(
        name: "fuzz", dataset: kind,
        location: .csv(CSVLocation(path: path, delimiter: delimiter, encoding: encoding, format: format)),
        columns: options & 32 != 0 && kind == .jobSeekers ? indonesianHeaders : [:],
        validityDays: options & 16 == 0 ? 730 : 1 + Int(cutByte) * 143,
        keptAttributes: options & 8 == 0 ? nil : Set(kind.labelColumns))

    write(file[...], truncating: true)
    var loader = SourceLoader(logger: silent)
    let whole = Outcome { try loader.load(source) }
    let read = Read(source: source, chunkBytes: 1 << 16, maxRecordBytes: 1 << 20)
    fuzzCheck(read.outcome == whole, "CSVReader + DatasetRowParser: \(read.outcome), SourceLoader: \(whole)")
    let chunked = Read(source: source, chunkBytes: chunkBytes, maxRecordBytes: 1 << 20)
    fuzzCheck(chunked == read, "\(chunkBytes)-byte chunks: \(chunked), 64 KiB: \(read)")
    if limit > 0 {
        let limited = Read(source: source, chunkBytes: 1 << 16, maxRecordBytes: limit)
        let both = Read(source: source, chunkBytes: chunkBytes, maxRecordBytes: limit)
        fuzzCheck(both == limited, "limit \(limit), \(chunkBytes)-byte chunks: \(both), 64 KiB: \(limited)")
    }

    // Read in 2 to 6 parts on as many threads (cuts after line feeds, rejoined in file order).
    let threads = 2 + Int(cutByte % 5)
    var split = SourceLoader(logger: silent, parts: CSVParts.Plan(threads: threads, minimumBytes: 16))
    let parts = Outcome { try split.load(source) }
    fuzzCheck(parts == whole, "read in up to \(threads) parts: \(parts), whole: \(whole)")

    let cut = file.count * Int(cutByte) / 255
    write(file[..<cut], truncating: true)
    var growing = SourceLoader(logger: silent, settleTime: .zero)
    _ = try? growing.load(source)
    write(file[cut...], truncating: false)
    let grown = Outcome { try growing.load(source) }
    fuzzCheck(grown == whole, "loaded in two pieces cut at \(cut): \(grown), whole: \(whole)")
    return 0
}

private let indonesianHeaders = [
    "id": "no_pendaftaran", "registered_on": "tanggal_daftar", "area": "kecamatan",
    "placed_on": "tanggal_penempatan", "gender": "jenis_kelamin", "education": "pendidikan",
]

private let silent = Logger(label: "fuzz-csv") { _ in SwiftLogNoOpLogHandler() }

/// One file per fuzzing process (libFuzzer's -jobs and -fork run several), removed at exit.
private let directory = makeDirectory()
private let path = directory + "/source.csv"

private func makeDirectory() -> String {
    var template = Array("/tmp/naker-fuzz-csv-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { fatalError("mkdtemp: \(errno)") }
    atexit {
        unlink(path)
        rmdir(directory)
    }
    return String(cString: made)
}

private func write(_ bytes: ArraySlice<UInt8>, truncating: Bool) {
    let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncating ? O_TRUNC : O_APPEND)
    let descriptor = open(path, flags, 0o600)
    fuzzCheck(descriptor >= 0, "open \(path): \(errno)")
    defer { close(descriptor) }
    bytes.withUnsafeBytes { buffer in
        var done = 0
        while done < buffer.count {
            let written = Glibc.write(descriptor, buffer.baseAddress! + done, buffer.count - done)
            fuzzCheck(written > 0, "write \(path): \(errno)")
            done += written
        }
    }
}

/// What a load came to: the dataset and counts, or that the file was refused.
private struct Outcome: Equatable, CustomStringConvertible {
    var data: SourceData?
    var accepted = 0
    var rejected = 0

    init(_ load: () throws -> SourceLoad) {
        if let load = try? load() {
            (data, accepted, rejected) = (load.data, load.acceptedRows, load.rejectedRows)
        }
    }

    init(data: SourceData?, accepted: Int, rejected: Int) {
        (self.data, self.accepted, self.rejected) = (data, accepted, rejected)
    }

    var description: String {
        data == nil ? "refused" : "\(accepted) accepted, \(rejected) rejected"
    }
}

/// The file read with the public reader and row parser, as `SourceLoader` does it, keeping every
/// rejection (line and reason) so that two reads can be compared row by row.
private struct Read: Equatable, CustomStringConvertible {
    var rejections: [RowRejection] = []
    var refusal: String?
    var data: SourceData?
    var accepted = 0

    init(source: SourceConfig, chunkBytes: Int, maxRecordBytes: Int) {
        guard case .csv(let location) = source.location else { fatalError("not a CSV source") }
        let reader = CSVReader(
            path: location.path, delimiter: location.delimiter, encoding: location.encoding,
            maxRecordBytes: maxRecordBytes, chunkBytes: chunkBytes)
        var parser: DatasetRowParser?
        do {
            _ = try reader.readRecords(resuming: nil) { event in
                switch event {
                case .record(let record):
                    guard parser != nil else {
                        switch record.strings() {
                        case .success(let header):
                            parser = try DatasetRowParser(source: source, header: header)
                        case .failure(let problem): throw HeaderProblem(problem: problem)
                        }
                        return
                    }
                    rejections += parser?.parse(record) ?? []
                case .malformed(let line, let problem):
                    rejections += parser?.flush() ?? []
                    rejections.append(RowRejection(line: line, reason: .malformed(problem)))
                }
            }
            rejections += parser?.flush() ?? []
            if let parser {
                (data, accepted) = (parser.data, parser.acceptedRows)
            } else {
                refusal = "no header"
            }
        } catch {
            refusal = "\(error)"
            rejections = []
        }
    }

    var outcome: Outcome {
        Outcome(data: data, accepted: accepted, rejected: data == nil ? 0 : rejections.count)
    }

    var description: String {
        if let refusal { return "refused (\(refusal))" }
        let lines = rejections.prefix(5).map { "\($0.line): \($0.reason)" }
        return "\(accepted) accepted, \(rejections.count) rejected [\(lines.joined(separator: "; "))]"
    }
}

private struct HeaderProblem: Error {
    var problem: CSVRecordProblem
}
