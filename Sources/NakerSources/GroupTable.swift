#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte keys (a row's kept attribute values) to group numbers: one hash and one compare per
/// row instead of a `String` per field and an array-of-strings lookup.
struct GroupTable: Sendable {
    private struct Entry: Sendable {
        var hash: UInt64
        var start: Int
        var length: Int
        var group: Int
    }

    private var keys: [UInt8] = []
    private var entries: [Entry?] = Array(repeating: nil, count: 64)
    private var count = 0

    func group(for key: UnsafeRawBufferPointer) -> Int? {
        let hash = Self.hash(key)
        var index = Int(hash & UInt64(entries.count - 1))
        while let entry = entries[index] {
            if entry.hash == hash, entry.length == key.count, matches(entry, key) { return entry.group }
            index = (index + 1) & (entries.count - 1)
        }
        return nil
    }

    mutating func insert(_ key: UnsafeRawBufferPointer, group: Int) {
        if (count + 1) * 2 > entries.count { grow() }
        let entry = Entry(hash: Self.hash(key), start: keys.count, length: key.count, group: group)
        keys.append(contentsOf: key)
        place(entry)
        count += 1
    }

    private func matches(_ entry: Entry, _ key: UnsafeRawBufferPointer) -> Bool {
        guard entry.length > 0 else { return true }
        return keys.withUnsafeBytes { stored in
            memcmp(stored.baseAddress! + entry.start, key.baseAddress!, entry.length) == 0
        }
    }

    private mutating func place(_ entry: Entry) {
        var index = Int(entry.hash & UInt64(entries.count - 1))
        while entries[index] != nil { index = (index + 1) & (entries.count - 1) }
        entries[index] = entry
    }

    private mutating func grow() {
        let old = entries
        entries = Array(repeating: nil, count: old.count * 2)
        for case let entry? in old { place(entry) }
    }

    /// FNV-1a 64 with a final mix, since the table uses the low bits.
    private static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        return hash ^ (hash >> 33)
    }
}
