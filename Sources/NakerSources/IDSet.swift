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

    /// Adds the id; false when it was already there.
    mutating func insert(_ digest: IDDigest) -> Bool {
        tables[Self.table(digest)].insert(Self.fingerprint(digest))
    }

    /// Starts loading the slot `insert` will look at first.
    func prefetch(_ digest: IDDigest) {
        tables[Self.table(digest)].prefetch(Self.fingerprint(digest))
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
