import CPrefetch

/// A record-level registry (job seekers, entrepreneurs, trainees) reduced to counts per
/// attribute group and day.
///
/// Rows with the same attribute values form a group; each group counts rows per day in blocks
/// of `blockDays` days. Memory follows groups × days with data, not rows, and no id ever
/// reaches the core.
public struct RecordCounts: Sendable {
    /// One day of one group, the canonical view used by tests and equality.
    public struct Key: Hashable, Sendable {
        /// `registered_on` or `started_on` (for ended job-seeker registrations, the first day
        /// no longer active).
        public var date: LocalDate
        /// Values of `DatasetKind.attributeColumns`, in that order; "" when the row had none
        /// or the column is not kept.
        public var attributes: [String]

        public init(date: LocalDate, attributes: [String]) {
            self.date = date
            self.attributes = attributes
        }
    }

    static let blockDays: Int32 = 32

    public let kind: DatasetKind
    /// Attribute values of each group, indexed by group number.
    public private(set) var groups: [[String]] = []
    private var groupNumbers: [[String]: Int] = [:]
    /// (group, block number) → the block's index in `blockKeys`.
    private var directory = BlockDirectory()
    /// Each block's key, in the order blocks were added. Walking blocks in this order, not
    /// the table's, keeps a merge from inserting keys in hash order, which clusters them.
    private var blockKeys: [UInt64] = []
    /// `blockDays` counts per block, day by day. 32 bits: half the memory traffic of adding a
    /// row, and room for four billion rows per group and day.
    private var dayCounts: [UInt32] = []
    public private(set) var total = 0

    public init(kind: DatasetKind) {
        self.kind = kind
    }

    /// The group of rows with these attribute values, created when new.
    /// The value of a named attribute of group number `group`. `attribute` must be one of the
    /// kind's (`DatasetKind.attributes`): asking a trainee count for its sector is a programming error.
    public func value(of attribute: Attribute, inGroup group: Int) -> String {
        guard let position = kind.position(of: attribute) else {
            preconditionFailure("\(kind.rawValue) rows have no \(attribute.rawValue)")
        }
        return groups[group][position]
    }

    public mutating func group(for attributes: [String]) -> Int {
        precondition(attributes.count == kind.attributeColumns.count, "attribute count of \(kind)")
        if let number = groupNumbers[attributes] { return number }
        groups.append(attributes)
        groupNumbers[attributes] = groups.count - 1
        return groups.count - 1
    }

    public mutating func add(group: Int, date: LocalDate, count: Int = 1) {
        let (block, day) = Self.split(date)
        let index: Int
        if let found = directory[group, block] {
            index = found
        } else {
            index = blockKeys.count
            blockKeys.append(BlockDirectory.key(group, block))
            directory.insert(group: group, block: block, number: index, keys: blockKeys)
            dayCounts.append(contentsOf: repeatElement(0, count: Int(Self.blockDays)))
        }
        dayCounts[index * Int(Self.blockDays) + Int(day)] += UInt32(count)
        total += count
    }

    /// Starts loading the counter `add(group:date:)` will change, when its block exists; a
    /// hint that lets the caller's other memory accesses overlap with this one.
    public func prefetch(group: Int, date: LocalDate) {
        let (block, day) = Self.split(date)
        guard let index = directory[group, block] else { return }
        dayCounts.withUnsafeBufferPointer {
            naker_prefetch($0.baseAddress! + index * Int(Self.blockDays) + Int(day))
        }
    }

    public mutating func add(_ key: Key, count: Int = 1) {
        add(group: group(for: key.attributes), date: key.date, count: count)
    }

    public mutating func merge(_ other: RecordCounts) {
        precondition(other.kind == kind, "merging \(other.kind) into \(kind)")
        let mapped = other.groups.map { group(for: $0) }
        other.forEachDay { group, date, count in add(group: mapped[group], date: date, count: count) }
    }

    /// Calls `body` for every day with rows, in no particular order.
    public func forEachDay(_ body: (_ group: Int, _ date: LocalDate, _ count: Int) -> Void) {
        for (index, key) in blockKeys.enumerated() {
            let first = Int32(bitPattern: UInt32(truncatingIfNeeded: key)) * Self.blockDays
            let base = index * Int(Self.blockDays)
            for day in 0..<Int(Self.blockDays) where dayCounts[base + day] != 0 {
                body(Int(key >> 32), LocalDate(dayNumber: first + Int32(day)), Int(dayCounts[base + day]))
            }
        }
    }

    /// The latest day with rows (the status page's "newest record"); nil when there are none.
    public var newestDate: LocalDate? {
        var newest: Int32?
        for (index, key) in blockKeys.enumerated() {
            let first = Int32(bitPattern: UInt32(truncatingIfNeeded: key)) * Self.blockDays
            if let newest, first + Self.blockDays - 1 <= newest { continue }
            let base = index * Int(Self.blockDays)
            for day in (0..<Int(Self.blockDays)).reversed() where dayCounts[base + day] != 0 {
                newest = max(newest ?? .min, first + Int32(day))
                break
            }
        }
        return newest.map(LocalDate.init(dayNumber:))
    }

    /// Per group, the rows dated in `[from, through]` (either end open when nil).
    public func countsByGroup(from: LocalDate? = nil, through: LocalDate? = nil) -> [Int] {
        var result = [Int](repeating: 0, count: groups.count)
        let low = from?.dayNumber ?? .min
        let high = through?.dayNumber ?? .max
        guard low <= high else { return result }
        for (index, key) in blockKeys.enumerated() {
            let first = Int32(bitPattern: UInt32(truncatingIfNeeded: key)) * Self.blockDays
            let last = first + Self.blockDays - 1
            guard last >= low, first <= high else { continue }
            let group = Int(key >> 32)
            let base = index * Int(Self.blockDays)
            for day in max(first, low)...min(last, high) {
                result[group] += Int(dayCounts[base + Int(day - first)])
            }
        }
        return result
    }

    /// Per date of `dates` (ascending), per group, the rows dated on or before it: the counts of
    /// `countsByGroup(through:)` for many dates in one pass over the days.
    public func countsByGroup(throughEach dates: [LocalDate]) -> [[Int]] {
        var result = [[Int]](repeating: [Int](repeating: 0, count: groups.count), count: dates.count)
        guard let last = dates.last?.dayNumber else { return result }
        let bounds = dates.map(\.dayNumber)
        for (index, key) in blockKeys.enumerated() {
            let first = Int32(bitPattern: UInt32(truncatingIfNeeded: key)) * Self.blockDays
            guard first <= last else { continue }
            let group = Int(key >> 32)
            let base = index * Int(Self.blockDays)
            // The first date on or after the block's first day; days only move it forward.
            var (slot, high) = (0, bounds.count)
            while slot < high {
                let middle = (slot + high) / 2
                if bounds[middle] < first { slot = middle + 1 } else { high = middle }
            }
            for day in 0..<Int(Self.blockDays) where dayCounts[base + day] != 0 {
                let number = first + Int32(day)
                while slot < bounds.count, bounds[slot] < number { slot += 1 }
                guard slot < bounds.count else { break }
                result[slot][group] += Int(dayCounts[base + day])
            }
        }
        for slot in result.indices.dropFirst() {
            for group in result[slot].indices { result[slot][group] += result[slot - 1][group] }
        }
        return result
    }

    /// Every day of every group with its count: what the registry holds, independent of the
    /// order rows came in.
    public var counts: [Key: Int] {
        var result: [Key: Int] = [:]
        forEachDay { group, date, count in
            result[Key(date: date, attributes: groups[group]), default: 0] += count
        }
        return result
    }

    /// Block number and day within the block (floored, so dates before 1970 work too).
    private static func split(_ date: LocalDate) -> (block: Int32, day: Int32) {
        let block = date.dayNumber >= 0 ? date.dayNumber / blockDays : (date.dayNumber + 1) / blockDays - 1
        return (block, date.dayNumber - block * blockDays)
    }
}

extension RecordCounts: Hashable {
    public static func == (lhs: RecordCounts, rhs: RecordCounts) -> Bool {
        lhs.kind == rhs.kind && lhs.total == rhs.total && lhs.counts == rhs.counts
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(total)
    }
}

/// A target's `where:` resolved to attribute positions once, so matching a row is index lookups.
public struct RecordFilter: Hashable, Sendable {
    public let conditions: [(index: Int, value: String)]

    public init(_ filters: [String: String], kind: DatasetKind) {
        conditions = filters.sorted { $0.key < $1.key }.compactMap { column, value in
            // Unknown columns are rejected by config validation; here they match nothing.
            kind.attributeColumns.firstIndex(of: column).map { ($0, value) } ?? (-1, value)
        }
    }

    public static let all = RecordFilter([:], kind: .entrepreneurs)

    /// Whether a group with these attribute values matches.
    public func matches(_ attributes: [String]) -> Bool {
        conditions.allSatisfy { $0.index >= 0 && attributes[$0.index] == $0.value }
    }

    public static func == (lhs: RecordFilter, rhs: RecordFilter) -> Bool {
        lhs.conditions.elementsEqual(rhs.conditions) { $0.index == $1.index && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for condition in conditions {
            hasher.combine(condition.index)
            hasher.combine(condition.value)
        }
    }
}

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
