/// A 128-bit digest of an id: duplicates are found without keeping any id text.
///
/// Deterministic across runs (unlike `Hasher`). Eight bytes per step, each step a 64 × 64 →
/// 128-bit multiply folded back, in two lanes that feed each other; the length goes in first,
/// so ids that differ only by trailing zero bytes differ. Not cryptographic: ids are not
/// chosen by an adversary, and a collision would only reject one row as a duplicate.
struct IDDigest: Hashable, Sendable {
    var high: UInt64
    var low: UInt64

    init(_ id: String) {
        var copy = id
        self = copy.withUTF8 { IDDigest(bytes: UnsafeRawBufferPointer($0)) }
    }

    init(bytes: UnsafeRawBufferPointer) {
        var lanes = (UInt64(0x243F_6A88_85A3_08D3) ^ UInt64(bytes.count), UInt64(0x1319_8A2E_0370_7344))
        var offset = 0
        while offset + 8 <= bytes.count {
            lanes = Self.step(
                lanes, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
            offset += 8
        }
        var last: UInt64 = 0
        for (shift, index) in (offset..<bytes.count).enumerated() {
            last |= UInt64(bytes[index]) << (8 * shift)
        }
        lanes = Self.step(Self.step(lanes, last), 0xA409_3822_299F_31D0)
        high = lanes.0
        low = lanes.1
    }

    private static func step(_ lanes: (UInt64, UInt64), _ word: UInt64) -> (UInt64, UInt64) {
        let first = (lanes.0 ^ word).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        let second = (lanes.1 ^ word ^ (lanes.0 << 29 | lanes.0 >> 35)).multipliedFullWidth(
            by: 0xC2B2_AE3D_27D4_EB4F)
        return (first.high ^ first.low ^ lanes.1, second.high ^ second.low ^ lanes.0)
    }
}
