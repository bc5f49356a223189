/// An alert's identity, exactly as Prometheus computes it (`labels.Fingerprint`,
/// `model.LabelsToSignature`) and Alertmanager prints it in webhooks: 64-bit FNV-1a over the label names
/// and values sorted by name, each followed by the byte 0xff, shown as 16 lowercase hex digits.
public struct Fingerprint: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: UInt64

    public init(value: UInt64) {
        self.value = value
    }

    public init(labels: [String: String]) {
        var hash = FNV1a()
        for name in labels.keys.sorted(by: LabelSets.bytesPrecede) {
            hash.addField(name)
            hash.addField(labels[name] ?? "")
        }
        value = hash.value
    }

    /// Parses the 16-digit form; nil for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == 16, let value = UInt64(hex, radix: 16) else { return nil }
        self.value = value
    }

    public var description: String { FNV1a.hex(value) }

    public static func < (lhs: Fingerprint, rhs: Fingerprint) -> Bool { lhs.value < rhs.value }
}

// Persisted as the hex text, so saved state reads like the webhook's `fingerprint`.
extension Fingerprint: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = Fingerprint(hex: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "fingerprint \"\(text)\" is not 16 hex digits")
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

// Lets `[Fingerprint: Alert]` encode as a JSON object keyed by the hex text.
extension Fingerprint: CodingKeyRepresentable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public var codingKey: any CodingKey { Key(stringValue: description) }

    public init?<T: CodingKey>(codingKey: T) {
        self.init(hex: codingKey.stringValue)
    }
}

/// 64-bit FNV-1a, the hash Prometheus and Alertmanager use for label signatures.
struct FNV1a {
    static let offsetBasis: UInt64 = 14_695_981_039_346_656_037
    static let prime: UInt64 = 1_099_511_628_211
    /// Cannot occur in UTF-8, so ("a", "bc") and ("ab", "c") hash differently.
    static let separator: UInt8 = 0xff

    private(set) var value: UInt64 = FNV1a.offsetBasis

    mutating func add(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* FNV1a.prime
    }

    mutating func add(_ text: String) {
        for byte in text.utf8 { add(byte) }
    }

    /// `text` followed by the separator byte.
    mutating func addField(_ text: String) {
        add(text)
        add(FNV1a.separator)
    }

    /// 16 lowercase hex digits, zero-padded (Prometheus' `Fingerprint.String()`).
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
