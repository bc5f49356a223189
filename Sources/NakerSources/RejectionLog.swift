import Logging

/// Logs one load's rejected rows: the first few one by one, then a summary, so that a file
/// with a million bad rows does not flood the journal. Only lines and reasons, never values.
struct RejectionLog {
    static let individualWarnings = 20

    private let logger: Logger
    private let metadata: Logger.Metadata
    private(set) var count = 0
    private var countByCode: [String: Int] = [:]

    init(logger: Logger, source: String, file: String) {
        self.logger = logger
        self.metadata = ["source": .string(source), "file": .string(file)]
    }

    mutating func record(_ rejection: RowRejection) {
        count += 1
        countByCode[rejection.reason.code, default: 0] += 1
        let level: Logger.Level = count <= Self.individualWarnings ? .warning : .debug
        logger.log(
            level: level, "source row rejected",
            metadata: metadata.merging(
                [
                    "line": .stringConvertible(rejection.line),
                    "reason": .string(rejection.reason.description),
                ],
                uniquingKeysWith: { _, new in new }))
    }

    func summarize(accepted: Int) {
        guard count > 0 else { return }
        let reasons = countByCode.mapValues { Logger.MetadataValue.stringConvertible($0) }
        logger.warning(
            "source rows rejected",
            metadata: metadata.merging(
                [
                    "rejected": .stringConvertible(count), "accepted": .stringConvertible(accepted),
                    "reasons": .dictionary(reasons),
                ], uniquingKeysWith: { _, new in new }))
    }
}
