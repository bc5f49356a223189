import CPrefetch

/// The ids accepted so far, for the duplicate check: the one thing that grows with the data.
///
/// 256 open-addressing tables chosen by 8 bits of the digest, each slot an 8-byte fingerprint
/// of the other bits, so 72 bits of the digest tell ids apart (a false duplicate among 10
/// million ids has odds of about 1 in 10^8) at 10–15 bytes per id. A table grows by half
/// when 80 % full; growing one table at a time keeps the momentary extra memory to 1/256.
struct IDSet: Sendable {
    private struct Table: Sendable {
        var slots: [UInt64] = []
        var count = 0

        func prefetch(_ fingerprint: UInt64) {
            guard !slots.isEmpty else { return }
            slots.withUnsafeBufferPointer {
                naker_prefetch($0.baseAddress! + Self.home(fingerprint, capacity: $0.count))
            }
        }

        /// False when `fingerprint` was already there.
        mutating func insert(_ fingerprint: UInt64) -> Bool {
            if (count + 1) * 5 > slots.count * 4 { grow() }
            var index = Self.home(fingerprint, capacity: slots.count)
            while true {
                let slot = slots[index]
                if slot == 0 {
                    slots[index] = fingerprint
                    count += 1
                    return true
                }
                if slot == fingerprint { return false }
                index += 1
                if index == slots.count { index = 0 }
            }
        }

        /// Room for `count` fingerprints without growing.
        mutating func reserve(_ wanted: Int) {
            let capacity = wanted * 5 / 4 + 1
            guard capacity > slots.count else { return }
            let old = slots
            slots = [UInt64](repeating: 0, count: capacity)
            count = 0
            for fingerprint in old where fingerprint != 0 { _ = insert(fingerprint) }
        }

        func contains(_ fingerprint: UInt64) -> Bool {
            guard !slots.isEmpty else { return false }
            var index = Self.home(fingerprint, capacity: slots.count)
            while true {
                let slot = slots[index]
                if slot == fingerprint { return true }
                if slot == 0 { return false }
                index += 1
                if index == slots.count { index = 0 }
            }
        }

        private mutating func grow() {
            let old = slots
            slots = [UInt64](repeating: 0, count: max(64, old.count + old.count / 2))
            count = 0
            for fingerprint in old where fingerprint != 0 { _ = insert(fingerprint) }
        }

        /// Maps the fingerprint onto `0..<capacity` without a power-of-two capacity.
        private static func home(_ fingerprint: UInt64, capacity: Int) -> Int {
            Int(fingerprint.multipliedFullWidth(by: UInt64(capacity)).high)
        }
    }

    private var tables = [Table](repeating: Table(), count: 256)
    /// The ids of parts of the file read side by side and joined here (see `join`), kept as
    /// they are rather than moved into `tables`: an id in any of them counts as seen.
    private var joined: [IDSet] = []

    /// Room for about `count` ids without growing: growing a table copies it, and a load
    /// that knows roughly how many rows are coming saves that.
    mutating func reserve(_ count: Int) {
        let perTable = count / tables.count + 1
        for table in tables.indices { tables[table].reserve(perTable) }
    }

    /// Adds the id; false when it was already there.
    mutating func insert(_ digest: IDDigest) -> Bool {
        let (table, fingerprint) = (Self.table(digest), Self.fingerprint(digest))
        guard !joined.contains(where: { $0.tables[table].contains(fingerprint) }) else { return false }
        return tables[table].insert(fingerprint)
    }

    /// Starts loading the slots `insert` will look at first.
    func prefetch(_ digest: IDDigest) {
        prefetch(table: Self.table(digest), Self.fingerprint(digest))
    }

    /// An id as this set keeps it: which table, and the fingerprint in it.
    struct Entry: Hashable, Sendable {
        var table: Int
        var fingerprint: UInt64
    }

    mutating func insert(_ entry: Entry) {
        _ = tables[entry.table].insert(entry.fingerprint)
    }

    /// Joins the ids of `other`, a set of rows that follow this one's in the file; returns
    /// those that were already here. Only looked up, never moved: the lookups run on
    /// `threads` threads side by side, a table each at a time.
    mutating func join(_ other: IDSet, threads: Int) -> [Entry] {
        let threads = max(1, min(threads, tables.count))
        let earlier = self
        let shared = SideBySide.map(threads) { worker in
            var found: [Entry] = []
            for table in stride(from: worker, to: other.tables.count, by: threads) {
                other.tables[table].slots.withUnsafeBufferPointer { incoming in
                    let ahead = 16
                    for index in incoming.indices {
                        if index + ahead < incoming.count, incoming[index + ahead] != 0 {
                            earlier.prefetch(table: table, incoming[index + ahead])
                        }
                        let fingerprint = incoming[index]
                        if fingerprint != 0, earlier.contains(table: table, fingerprint) {
                            found.append(Entry(table: table, fingerprint: fingerprint))
                        }
                    }
                }
            }
            return found
        }
        joined.append(contentsOf: [other].filter { !$0.isEmpty } + other.joined)
        return shared.flatMap { $0 }
    }

    private var isEmpty: Bool { tables.allSatisfy { $0.count == 0 } }

    private func contains(table: Int, _ fingerprint: UInt64) -> Bool {
        tables[table].contains(fingerprint) || joined.contains { $0.tables[table].contains(fingerprint) }
    }

    private func prefetch(table: Int, _ fingerprint: UInt64) {
        tables[table].prefetch(fingerprint)
        for part in joined { part.tables[table].prefetch(fingerprint) }
    }

    private static func table(_ digest: IDDigest) -> Int {
        Int(digest.low >> 56)
    }

    /// Slot 0 means empty, so a zero fingerprint is moved to 1.
    private static func fingerprint(_ digest: IDDigest) -> UInt64 {
        let mixed = digest.high ^ (digest.low &* 0x9E37_79B9_7F4A_7C15)
        return mixed == 0 ? 1 : mixed
    }
}

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

    /// Every key with its group, in no particular order.
    func forEachKey(_ body: (_ key: UnsafeRawBufferPointer, _ group: Int) -> Void) {
        keys.withUnsafeBytes { stored in
            for case let entry? in entries {
                body(
                    UnsafeRawBufferPointer(rebasing: stored[entry.start..<entry.start + entry.length]),
                    entry.group)
            }
        }
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
