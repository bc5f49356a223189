import CGzip

/// gzip (RFC 1952) built from two deflate parts: a prefix compressed once per recalculation and a
/// small tail compressed per scrape. The prefix ends on a sync flush (byte-aligned, not final) and
/// the tail is an independent stream ending in the final block, so together they are one valid
/// member: every client (curl, browsers, Go, Python) reads the whole body.
public enum Gzip {
    public struct Prefix: Sendable {
        public let deflated: [UInt8]
        public let crc: UInt
        public let length: Int

        public static let empty = Prefix(deflated: [], crc: 0, length: 0)

        public init(_ input: [UInt8]) {
            deflated = Gzip.deflate(input, finish: false)
            crc = Gzip.crc32(input)
            length = input.count
        }

        init(deflated: [UInt8], crc: UInt, length: Int) {
            self.deflated = deflated
            self.crc = crc
            self.length = length
        }
    }

    static let header: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]

    /// One gzip member holding `prefix`'s bytes followed by `tail`.
    public static func member(prefix: Prefix, tail: [UInt8]) -> [UInt8] {
        let tailDeflated = deflate(tail, finish: true)
        var output = header
        output.reserveCapacity(header.count + prefix.deflated.count + tailDeflated.count + 8)
        output += prefix.deflated
        output += tailDeflated
        let crc = crc32_combine(prefix.crc, crc32(tail), off_t(tail.count))
        let size = UInt32(truncatingIfNeeded: prefix.length + tail.count)
        for value in [UInt32(truncatingIfNeeded: crc), size] {
            withUnsafeBytes(of: value.littleEndian) { output += $0 }
        }
        return output
    }

    static func crc32(_ input: [UInt8]) -> UInt {
        input.withUnsafeBufferPointer { CGzip.crc32(0, $0.baseAddress, UInt32($0.count)) }
    }

    /// Raw deflate at level 1 (scrapes are frequent and bodies repetitive); `finish: false` ends on
    /// a sync flush so more blocks may follow.
    static func deflate(_ input: [UInt8], finish: Bool) -> [UInt8] {
        var stream = z_stream()
        guard naker_deflate_init_raw(&stream, 1) == Z_OK else { return [] }
        defer { deflateEnd(&stream) }
        // deflateBound covers one Z_FINISH call; a sync flush adds at most a few bytes more.
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 16)
        let produced: Int = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                _ = CGzip.deflate(&stream, finish ? Z_FINISH : Z_SYNC_FLUSH)
                return target.count - Int(stream.avail_out)
            }
        }
        output.removeSubrange(produced...)
        return output
    }
}
