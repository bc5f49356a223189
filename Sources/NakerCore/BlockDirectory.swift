/// Finds a (group, block) pair's block number. While groups × blocks spanned stay small (the
/// usual case: hundreds of groups over a few years) it is a dense table, one array read per
/// row; data spread wider switches it to a hash table.
struct BlockDirectory: Sendable {
    /// Dense entries at most; 4 bytes each.
    static let denseLimit = 1 << 22

    private var dense: [Int32] = []
    private var groupCapacity = 0
    private var firstBlock: Int32 = 0
    private var blockSpan = 0
    private var hashed: BlockIndex?

    subscript(group: Int, block: Int32) -> Int? {
        if let hashed { return hashed[Self.key(group, block)] }
        let offset = Int(block) - Int(firstBlock)
        guard group < groupCapacity, offset >= 0, offset < blockSpan else { return nil }
        let found = dense[group * blockSpan + offset]
        return found < 0 ? nil : Int(found)
    }

    /// `keys` are every block's key so far, in block-number order, `number` the new one's.
    mutating func insert(group: Int, block: Int32, number: Int, keys: [UInt64]) {
        if hashed != nil {
            hashed?.insert(Self.key(group, block), number)
            return
        }
        let offset = Int(block) - Int(firstBlock)
        if group >= groupCapacity || offset < 0 || offset >= blockSpan {
            rebuild(covering: group, block, keys: keys)
            // A switch to hashing took every key, this one included.
            if hashed != nil { return }
        }
        dense[group * blockSpan + Int(block) - Int(firstBlock)] = Int32(number)
    }

    static func key(_ group: Int, _ block: Int32) -> UInt64 {
        UInt64(group) << 32 | UInt64(UInt32(bitPattern: block))
    }

    /// Grows the table by at least half in whichever direction is short, or gives up on it.
    private mutating func rebuild(covering group: Int, _ block: Int32, keys: [UInt64]) {
        var low = Int(firstBlock)
        var high = Int(firstBlock) + blockSpan - 1
        if blockSpan == 0 {
            (low, high) = (Int(block) - 2, Int(block) + 2)
        } else if Int(block) < low {
            low = min(Int(block), low - blockSpan / 2)
        } else if Int(block) > high {
            high = max(Int(block), high + blockSpan / 2)
        }
        let groups = group >= groupCapacity ? max(16, group + 1, groupCapacity * 2) : groupCapacity
        let span = high - low + 1
        guard groups.multipliedReportingOverflow(by: span).partialValue <= Self.denseLimit,
            low >= Int(Int32.min), high <= Int(Int32.max)
        else {
            var index = BlockIndex()
            for (number, key) in keys.enumerated() { index.insert(key, number) }
            hashed = index
            dense = []
            return
        }
        var table = [Int32](repeating: -1, count: groups * span)
        for (number, key) in keys.enumerated() {
            let block = Int(Int32(bitPattern: UInt32(truncatingIfNeeded: key)))
            table[Int(key >> 32) * span + block - low] = Int32(number)
        }
        (dense, groupCapacity, firstBlock, blockSpan) = (table, groups, Int32(low), span)
    }
}
