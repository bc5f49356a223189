import NakerConfig

/// Where each of a source's columns is in the file, found from the header row.
struct HeaderColumns {
    let fieldCount: Int
    private let indexByCanonical: [String: Int]

    init(header: [String], source: SourceConfig) throws(DatasetHeaderError) {
        var positions: [String: [Int]] = [:]
        for (index, name) in header.enumerated() {
            positions[FieldText.trimmed(name), default: []].append(index)
        }
        var indexByCanonical: [String: Int] = [:]
        let required = Set(source.dataset.requiredColumns)
        for column in source.dataset.columns {
            let wanted = FieldText.trimmed(source.header(for: column))
            guard let found = positions[wanted] else {
                if required.contains(column) { throw .missingColumn(column: column, header: wanted) }
                continue
            }
            guard found.count == 1 else { throw .duplicateColumn(header: wanted) }
            indexByCanonical[column] = found[0]
        }
        self.fieldCount = header.count
        self.indexByCanonical = indexByCanonical
    }

    /// nil for an optional column the file lacks.
    func index(of column: String) -> Int? {
        indexByCanonical[column]
    }

    /// A required column, which `init` made sure is present.
    func index(ofRequired column: String) -> Int {
        guard let index = indexByCanonical[column] else {
            preconditionFailure("'\(column)' is not a required column of this dataset")
        }
        return index
    }
}
