/// The fuzzer's bytes read as a stream of small decisions and values. Past the end every read
/// gives zeros, so any input, even an empty one, decodes to something.
public struct FuzzInput {
    private let bytes: [UInt8]
    private var position = 0

    public init(_ data: UnsafePointer<UInt8>?, _ count: Int) {
        bytes = Array(UnsafeBufferPointer(start: data, count: count))
    }

    public var isAtEnd: Bool { position >= bytes.count }

    public mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    public mutating func bool() -> Bool { byte() & 1 == 1 }

    /// Up to `count` bytes (fewer at the end).
    public mutating func bytes(_ count: Int) -> ArraySlice<UInt8> {
        let end = min(bytes.count, position + max(0, count))
        defer { position = end }
        return bytes[position..<end]
    }

    /// Everything not read yet.
    public mutating func rest() -> ArraySlice<UInt8> {
        bytes(bytes.count - position)
    }

    /// A length byte, then that many bytes as UTF-8 with invalid sequences replaced by U+FFFD.
    public mutating func string() -> String {
        let count = Int(byte())
        return String(decoding: bytes(count), as: UTF8.self)
    }

    /// The rest of the input as UTF-8, invalid sequences replaced by U+FFFD.
    public mutating func restString() -> String {
        String(decoding: rest(), as: UTF8.self)
    }

    /// A Double: a quarter of the selector bytes pick an edge case (NaN, ±inf, ±0, subnormals,
    /// the Int64 and 2^53 limits, halves that round), a quarter a small decimal such as data
    /// has, and the rest take the next 8 bytes as the bit pattern, so every value is reachable.
    public mutating func double() -> Double {
        let selector = byte()
        switch selector {
        case 0..<0x40:
            return Self.edgeCases[Int(selector) % Self.edgeCases.count]
        case 0x40..<0x80:
            let raw = Int16(bitPattern: UInt16(byte()) << 8 | UInt16(byte()))
            return Double(raw) / [1, 10, 100, 1000, 10_000, 100_000][Int(selector) % 6]
        default:
            var pattern: UInt64 = 0
            for byte in bytes(8) { pattern = pattern << 8 | UInt64(byte) }
            return Double(bitPattern: pattern)
        }
    }

    /// A Unix time: mostly around now (as a clock gives), else any `double()`.
    public mutating func time() -> Double {
        let selector = byte()
        guard (0x30..<0x80).contains(selector) else { return double() }
        return 1_714_550_400 + Double(selector - 0x30) * 86_400 * 37 + Double(byte()) * 997
    }

    public static let edgeCases: [Double] = [
        .nan, -.nan, .signalingNaN, .infinity, -.infinity, 0, -0.0, .leastNonzeroMagnitude,
        -.leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
        .ulpOfOne, 1, -1, 0.5, -0.5, 1.5, 2.5, 0.005, 0.045, 0.0446, 0.785, 0.995, 0.999_95, 99.995,
        1.0 / 3, 7_850, 21_816, 999_999.5, 1e15, 4.5e15, 9_007_199_254_740_992, 9_007_199_254_740_994,
        1e17, 9.2e18, Double(Int64.max).nextDown, 9_223_372_036_854_775_808, -9_223_372_036_854_775_808,
        9.3e18, -9.3e18, 1e19,
        1.8e19, 1e300, 1e-300, -1e-7, 86_400, 253_402_300_800, -62_135_596_800, 1e12, 4e12,
    ]
}

/// Stops the run with `message` when an invariant does not hold: libFuzzer reports the trap as a
/// crash and saves the input.
public func fuzzCheck(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { fatalError("fuzz invariant: \(message())", file: file, line: line) }
}
