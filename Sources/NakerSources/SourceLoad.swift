import NakerCore

/// The outcome of loading one source: its dataset and how many rows made it in.
public struct SourceLoad: Hashable, Sendable {
    public var name: String
    public var data: SourceData
    public var acceptedRows: Int
    public var rejectedRows: Int
    /// The file as it was read.
    public var fingerprint: FileFingerprint
    /// True when the file was unchanged and this is the previous load's result, not re-read.
    public var reusedUnchangedFile: Bool

    public init(
        name: String, data: SourceData, acceptedRows: Int, rejectedRows: Int, fingerprint: FileFingerprint,
        reusedUnchangedFile: Bool
    ) {
        self.name = name
        self.data = data
        self.acceptedRows = acceptedRows
        self.rejectedRows = rejectedRows
        self.fingerprint = fingerprint
        self.reusedUnchangedFile = reusedUnchangedFile
    }
}
