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
