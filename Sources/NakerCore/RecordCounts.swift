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
