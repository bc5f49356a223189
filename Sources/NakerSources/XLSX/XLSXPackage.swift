import Foundation
import ZIPFoundation

/// The zip container of a workbook: finds parts by name and inflates them in chunks, refusing a
/// part that would inflate past its limit before its bytes are kept anywhere.
struct XLSXPackage {
    let path: String
    private let archive: Archive
    /// Checked at every inflated chunk.
    let deadline: ContinuousClock.Instant?

    init(path: String, deadline: ContinuousClock.Instant?) throws(XLSXError) {
        self.path = path
        self.deadline = deadline
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw .notAWorkbook(path: path, reason: "it is not a zip archive (\(error))")
        }
    }

    /// Whether the package has a part of this name.
    func has(_ part: String) -> Bool {
        archive[part] != nil
    }

    /// Inflates `part` chunk by chunk into `body`, at most `limit` bytes.
    func stream(_ part: String, limit: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let entry = archive[part] else { throw XLSXError.missingPart(path: path, part: part) }
        guard entry.uncompressedSize <= UInt64(limit) else {
            throw XLSXError.partTooLarge(path: path, part: part, limit: limit, declared: true)
        }
        var inflated = 0
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: false) { data in
                if let deadline, ContinuousClock.now >= deadline {
                    throw XLSXError.deadlineExceeded(path: path)
                }
                inflated += data.count
                // The sizes in a zip's directory are the writer's word; the bytes are counted too.
                guard inflated <= limit else {
                    throw XLSXError.partTooLarge(path: path, part: part, limit: limit, declared: false)
                }
                try data.withUnsafeBytes { try body($0) }
            }
        } catch let error as XLSXError {
            throw error
        } catch let error as XMLScanError {
            throw XLSXError.malformedPart(path: path, part: part, error)
        } catch let error as Archive.ArchiveError {
            throw XLSXError.damaged(path: path, part: part, reason: Self.describe(error))
        } catch  where String(reflecting: type(of: error)).hasPrefix("ZIPFoundation.") {
            // Inflation errors are internal to ZIPFoundation: a corrupt deflate stream.
            throw XLSXError.damaged(
                path: path, part: part, reason: "its compressed data is corrupt (\(error))")
        }
    }

    /// Reads a whole part through an XML handler.
    func parse<Handler: XMLHandler>(_ part: String, limit: Int, into handler: inout Handler) throws {
        var scanner = XMLScanner()
        do {
            try stream(part, limit: limit) { try scanner.feed($0, &handler) }
            try scanner.finish(&handler)
        } catch let error as XMLScanError {
            throw XLSXError.malformedPart(path: path, part: part, error)
        }
    }

    private static func describe(_ error: Archive.ArchiveError) -> String {
        switch error {
        case .invalidCRC32: "a part's checksum does not match (the file is damaged or was cut short)"
        case .invalidCompressionMethod: "a part is compressed with a method other than deflate"
        case .unreadableArchive: "the file cannot be read"
        default: "\(error)"
        }
    }
}

/// The part names a workbook's relationships give, resolved to paths inside the package.
enum XLSXPartName {
    /// The relationships part of `part`: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
    static func relationships(of part: String) -> String {
        let (directory, file) = split(part)
        return directory.isEmpty ? "_rels/\(file).rels" : "\(directory)/_rels/\(file).rels"
    }

    /// `target` of a relationship of `source`, as a package path (`..` resolved, no leading `/`).
    static func resolve(_ target: String, from source: String) -> String {
        var components: [Substring] = []
        if !target.hasPrefix("/") {
            components = split(source).directory.split(separator: "/")
        }
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }

    private static func split(_ part: String) -> (directory: String, file: String) {
        guard let slash = part.lastIndex(of: "/") else { return ("", part) }
        return (String(part[..<slash]), String(part[part.index(after: slash)...]))
    }
}

/// Reads `<Relationship Id Type Target>` entries of a `.rels` part.
struct RelationshipsHandler: XMLHandler {
    struct Relationship {
        var id: String
        var type: String
        var target: String
        var external: Bool
    }

    var relationships: [Relationship] = []

    mutating func start(_ name: XMLName, _ tag: XMLTag) throws {
        guard name.is("Relationship"), let id = tag.string("Id"), let type = tag.string("Type"),
            let target = tag.string("Target")
        else { return }
        relationships.append(
            Relationship(id: id, type: type, target: target, external: tag.string("TargetMode") == "External")
        )
    }

    mutating func end(_ name: XMLName) throws {}
    mutating func text(_ raw: UnsafeRawBufferPointer, isCDATA: Bool) throws {}

    /// The first relationship whose type ends with `/kind` (`officeDocument`, `sharedStrings`).
    func first(ofKind kind: String) -> Relationship? {
        relationships.first { !$0.external && $0.type.hasSuffix("/\(kind)") }
    }
}
