#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a reader of one workbook part is told, in document order. A self-closing tag is a
/// `start` followed by an `end`.
protocol XMLHandler {
    mutating func start(_ name: XMLName, _ tag: XMLTag) throws
    mutating func end(_ name: XMLName) throws
    /// A run of character data between two tags, whole; `raw` still has its entity references
    /// unless `isCDATA`.
    mutating func text(_ raw: UnsafeRawBufferPointer, isCDATA: Bool) throws
}

/// An element's name without its namespace prefix (`x:row` and `row` are the same element:
/// some writers prefix the spreadsheet namespace).
struct XMLName {
    let bytes: UnsafeRawBufferPointer

    init(qualified: UnsafeRawBufferPointer) {
        var start = 0
        for index in 0..<qualified.count where qualified[index] == UInt8(ascii: ":") { start = index + 1 }
        bytes = UnsafeRawBufferPointer(rebasing: qualified[start...])
    }

    func `is`(_ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        return memcmp(bytes.baseAddress!, name.utf8Start, bytes.count) == 0
    }
}

/// The attributes of a start tag, read on demand.
struct XMLTag {
    /// The bytes between the name and `>` (or `/>`).
    let attributes: UnsafeRawBufferPointer

    /// The raw value (entity references not yet decoded) of the attribute with this local name.
    func value(_ name: StaticString) -> UnsafeRawBufferPointer? {
        let bytes = attributes
        var index = 0
        while index < bytes.count {
            while index < bytes.count, XMLScanner.isSpace(bytes[index]) { index += 1 }
            let nameStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "="), !XMLScanner.isSpace(bytes[index]) {
                index += 1
            }
            let qualified = XMLName(qualified: UnsafeRawBufferPointer(rebasing: bytes[nameStart..<index]))
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'") {
                index += 1
            }
            guard index < bytes.count else { return nil }
            let quote = bytes[index]
            let valueStart = index + 1
            index = valueStart
            while index < bytes.count, bytes[index] != quote { index += 1 }
            let value = UnsafeRawBufferPointer(rebasing: bytes[valueStart..<min(index, bytes.count)])
            index += 1
            if qualified.is(name) { return value }
        }
        return nil
    }

    /// The decoded value as text.
    func string(_ name: StaticString) -> String? {
        guard let raw = value(name) else { return nil }
        var decoded: [UInt8] = []
        guard XMLText.appendDecoded(raw, to: &decoded) else { return nil }
        return String(decoding: decoded, as: UTF8.self)
    }

    /// A non-negative decimal attribute (`r="12"`, `numFmtId="14"`).
    func integer(_ name: StaticString) -> Int? {
        value(name).flatMap(XMLText.decimal)
    }
}

/// A streaming tokenizer for the parts of an OOXML package: fed the inflated bytes in chunks, it
/// hands complete tags and text runs to a handler and keeps only an unfinished token between
/// chunks, so memory is bounded by `maxTokenBytes` whatever the part's size.
///
/// Only what Excel and LibreOffice write is needed: elements, attributes, character data,
/// CDATA, comments and processing instructions. A DOCTYPE is refused: an OOXML part never has
/// one, and entity definitions are how XML bombs work.
struct XMLScanner {
    static let maxTokenBytes = 1 << 20

    private var carry: [UInt8] = []

    /// Consumes `chunk`; the handler sees every token the bytes so far complete.
    mutating func feed<Handler: XMLHandler>(_ chunk: UnsafeRawBufferPointer, _ handler: inout Handler) throws
    {
        if carry.isEmpty {
            let used = try Self.scan(chunk, final: false, &handler)
            if used < chunk.count { carry.append(contentsOf: chunk[used...]) }
        } else {
            carry.append(contentsOf: chunk)
            let used = try carry.withUnsafeBytes { try Self.scan($0, final: false, &handler) }
            carry.removeFirst(used)
        }
        guard carry.count <= Self.maxTokenBytes else {
            throw XMLScanError.tokenTooLong(limit: Self.maxTokenBytes)
        }
    }

    /// After the last chunk: the rest must be complete.
    mutating func finish<Handler: XMLHandler>(_ handler: inout Handler) throws {
        let rest = carry
        carry = []
        _ = try rest.withUnsafeBytes { try Self.scan($0, final: true, &handler) }
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Returns how many bytes made complete tokens; with `final`, all of them must.
    private static func scan<Handler: XMLHandler>(
        _ bytes: UnsafeRawBufferPointer, final: Bool, _ handler: inout Handler
    ) throws -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        var index = 0
        func find(_ byte: UInt8, from start: Int) -> Int? {
            guard start < count, let found = memchr(base + start, Int32(byte), count - start) else {
                return nil
            }
            return base.distance(to: UnsafeRawPointer(found))
        }
        func find(_ terminator: StaticString, from start: Int) -> Int? {
            var at = start
            let length = terminator.utf8CodeUnitCount
            while let candidate = find(terminator.utf8Start.pointee, from: at) {
                guard candidate + length <= count else { return nil }
                if memcmp(base + candidate, terminator.utf8Start, length) == 0 { return candidate }
                at = candidate + 1
            }
            return nil
        }
        func starts(_ prefix: StaticString, at position: Int) -> Bool? {
            let length = prefix.utf8CodeUnitCount
            guard position + length <= count else {
                // Too short to tell unless what is there already differs.
                let available = count - position
                return memcmp(base + position, prefix.utf8Start, available) == 0 ? nil : false
            }
            return memcmp(base + position, prefix.utf8Start, length) == 0
        }

        while index < count {
            if bytes[index] != UInt8(ascii: "<") {
                guard let open = find(UInt8(ascii: "<"), from: index) else {
                    if final {
                        try handler.text(
                            UnsafeRawBufferPointer(rebasing: bytes[index..<count]), isCDATA: false)
                        return count
                    }
                    return index
                }
                try handler.text(UnsafeRawBufferPointer(rebasing: bytes[index..<open]), isCDATA: false)
                index = open
                continue
            }
            guard index + 1 < count else { break }
            switch bytes[index + 1] {
            case UInt8(ascii: "/"):
                guard let close = find(UInt8(ascii: ">"), from: index + 2) else { break }
                var end = close
                while end > index + 2, isSpace(bytes[end - 1]) { end -= 1 }
                try handler.end(
                    XMLName(qualified: UnsafeRawBufferPointer(rebasing: bytes[(index + 2)..<end])))
                index = close + 1
                continue
            case UInt8(ascii: "?"):
                guard let close = find("?>", from: index + 2) else { break }
                index = close + 2
                continue
            case UInt8(ascii: "!"):
                if let comment = starts("<!--", at: index) {
                    if comment {
                        guard let close = find("-->", from: index + 4) else { break }
                        index = close + 3
                        continue
                    }
                } else {
                    break
                }
                guard let cdata = starts("<![CDATA[", at: index) else { break }
                guard cdata else { throw XMLScanError.doctype }
                guard let close = find("]]>", from: index + 9) else { break }
                try handler.text(UnsafeRawBufferPointer(rebasing: bytes[(index + 9)..<close]), isCDATA: true)
                index = close + 3
                continue
            default:
                // A start tag; `>` may appear inside a quoted attribute value.
                var position = index + 1
                var quote: UInt8 = 0
                var close: Int?
                while position < count {
                    let byte = bytes[position]
                    if quote != 0 {
                        if byte == quote { quote = 0 }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        quote = byte
                    } else if byte == UInt8(ascii: ">") {
                        close = position
                        break
                    }
                    position += 1
                }
                guard let close else { break }
                let selfClosing = close > index + 1 && bytes[close - 1] == UInt8(ascii: "/")
                let contentEnd = selfClosing ? close - 1 : close
                var nameEnd = index + 1
                while nameEnd < contentEnd, !isSpace(bytes[nameEnd]) { nameEnd += 1 }
                let name = XMLName(qualified: UnsafeRawBufferPointer(rebasing: bytes[(index + 1)..<nameEnd]))
                guard !name.bytes.isEmpty else { throw XMLScanError.malformed("a tag without a name") }
                try handler.start(
                    name, XMLTag(attributes: UnsafeRawBufferPointer(rebasing: bytes[nameEnd..<contentEnd])))
                if selfClosing { try handler.end(name) }
                index = close + 1
                continue
            }
            // An unfinished token: wait for more bytes.
            if final { throw XMLScanError.malformed("the part ends inside a tag") }
            return index
        }
        return index
    }
}

/// The part is not well-formed enough to read.
public enum XMLScanError: Error, Hashable, Sendable {
    case tokenTooLong(limit: Int)
    case doctype
    case malformed(String)
}

/// Character data and attribute values: entity references, and the `_xHHHH_` escapes of
/// OOXML strings.
enum XMLText {
    /// Appends `raw` with its entity references replaced and line ends normalised as XML does;
    /// false on an unknown or broken reference.
    static func appendDecoded(_ raw: UnsafeRawBufferPointer, to output: inout [UInt8]) -> Bool {
        guard let base = raw.baseAddress else { return true }
        var index = 0
        let count = raw.count
        // Most runs have no reference and no carriage return: one copy.
        if memchr(base, Int32(UInt8(ascii: "&")), count) == nil, memchr(base, 0x0D, count) == nil {
            output.append(contentsOf: raw)
            return true
        }
        while index < count {
            let byte = raw[index]
            if byte == 0x0D {
                output.append(0x0A)
                index += index + 1 < count && raw[index + 1] == 0x0A ? 2 : 1
                continue
            }
            guard byte == UInt8(ascii: "&") else {
                output.append(byte)
                index += 1
                continue
            }
            var end = index + 1
            while end < count, raw[end] != UInt8(ascii: ";"), end - index < 12 { end += 1 }
            guard end < count, raw[end] == UInt8(ascii: ";") else { return false }
            let name = UnsafeRawBufferPointer(rebasing: raw[(index + 1)..<end])
            switch String(decoding: name, as: UTF8.self) {
            case "amp": output.append(UInt8(ascii: "&"))
            case "lt": output.append(UInt8(ascii: "<"))
            case "gt": output.append(UInt8(ascii: ">"))
            case "quot": output.append(UInt8(ascii: "\""))
            case "apos": output.append(UInt8(ascii: "'"))
            case let reference where reference.hasPrefix("#"):
                let digits = reference.dropFirst()
                let value =
                    digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return false }
                appendUTF8(scalar, to: &output)
            default: return false
            }
            index = end + 1
        }
        return true
    }

    /// Replaces `_xHHHH_` (a UTF-16 code unit Excel could not write as XML, such as `_x000D_`)
    /// in decoded string text; `_x005F_` is the underscore that escapes a literal `_x`.
    static func unescapeOOXML(_ text: inout [UInt8], from start: Int) {
        guard text.count - start >= 7, text[start...].contains(UInt8(ascii: "_")) else { return }
        var output: [UInt8] = []
        output.reserveCapacity(text.count - start)
        var index = start
        var pendingHigh: UInt16?
        func codeUnit(at position: Int) -> UInt16? {
            guard position + 7 <= text.count, text[position] == UInt8(ascii: "_"),
                text[position + 1] == UInt8(ascii: "x"), text[position + 6] == UInt8(ascii: "_")
            else { return nil }
            return UInt16(String(decoding: text[(position + 2)..<(position + 6)], as: UTF8.self), radix: 16)
        }
        while index < text.count {
            if let unit = codeUnit(at: index) {
                if UTF16.isLeadSurrogate(unit) {
                    if pendingHigh != nil { appendUTF8("\u{FFFD}", to: &output) }
                    pendingHigh = unit
                } else if UTF16.isTrailSurrogate(unit), let high = pendingHigh {
                    let value = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00)
                    appendUTF8(Unicode.Scalar(value) ?? "\u{FFFD}", to: &output)
                    pendingHigh = nil
                } else {
                    if pendingHigh != nil { appendUTF8("\u{FFFD}", to: &output) }
                    pendingHigh = nil
                    appendUTF8(Unicode.Scalar(unit) ?? "\u{FFFD}", to: &output)
                }
                index += 7
                continue
            }
            if pendingHigh != nil {
                appendUTF8("\u{FFFD}", to: &output)
                pendingHigh = nil
            }
            output.append(text[index])
            index += 1
        }
        if pendingHigh != nil { appendUTF8("\u{FFFD}", to: &output) }
        text.replaceSubrange(start..., with: output)
    }

    static func appendUTF8(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        UTF8.encode(scalar) { output.append($0) }
    }

    /// Non-negative decimal digits only.
    static func decimal(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
