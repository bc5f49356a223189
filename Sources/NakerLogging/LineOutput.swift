#if canImport(Glibc)
    import Glibc
#endif

/// A file descriptor written with plain write(2): a whole line in one call, so concurrent lines
/// never interleave, and no stdio buffer to flush at exit.
public struct LineOutput: Sendable {
    let descriptor: Int32

    public static let standardOutput = LineOutput(descriptor: 1)
    public static let standardError = LineOutput(descriptor: 2)

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func write(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}
