/// (group, block) keys to block numbers: an open-addressing table with a multiplicative hash,
/// since the standard dictionary's seeded hashing costs more than the rest of adding a row.
struct BlockIndex: Sendable {
    private static let empty = UInt64.max
    private var keys = [UInt64](repeating: BlockIndex.empty, count: 64)
    private var values = [Int](repeating: 0, count: 64)
    private(set) var count = 0

    subscript(key: UInt64) -> Int? {
        var index = slot(key)
        while keys[index] != Self.empty {
            if keys[index] == key { return values[index] }
            index = (index + 1) & (keys.count - 1)
        }
        return nil
    }

    mutating func insert(_ key: UInt64, _ value: Int) {
        if (count + 1) * 2 > keys.count { grow() }
        var index = slot(key)
        while keys[index] != Self.empty { index = (index + 1) & (keys.count - 1) }
        keys[index] = key
        values[index] = value
        count += 1
    }

    private func slot(_ key: UInt64) -> Int {
        Int(
            truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - keys.count.trailingZeroBitCount)
        )
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = [UInt64](repeating: Self.empty, count: oldKeys.count * 2)
        values = [Int](repeating: 0, count: oldKeys.count * 2)
        count = 0
        for index in oldKeys.indices where oldKeys[index] != Self.empty {
            insert(oldKeys[index], oldValues[index])
        }
    }
}
