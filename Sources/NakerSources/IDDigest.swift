/// A 128-bit FNV-1a digest of an id: duplicates are found without keeping any id text.
///
/// Deterministic across runs (unlike `Hasher`).
struct IDDigest: Hashable, Sendable {
    var high: UInt64
    var low: UInt64

    init(_ id: String) {
        var copy = id
        self = copy.withUTF8 { IDDigest(bytes: UnsafeRawBufferPointer($0)) }
    }

    init(bytes: UnsafeRawBufferPointer) {
        // FNV-1a 128: offset basis 0x6c62272e07bb014262b821756295c58d, prime 2^88 + 0x13B.
        var high: UInt64 = 0x6c62_272e_07bb_0142
        var low: UInt64 = 0x62b8_2175_6295_c58d
        for byte in bytes {
            low ^= UInt64(byte)
            let (carry, product) = low.multipliedFullWidth(by: 0x13B)
            high = high &* 0x13B &+ carry &+ (low << 24)
            low = product
        }
        self.high = high
        self.low = low
    }
}
