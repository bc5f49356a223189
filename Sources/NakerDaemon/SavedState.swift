import Foundation

/// How the alert state machine and the dispatcher are saved: JSON inside an envelope that names
/// the schema, so a later version can tell what it reads and migrate it. Version 0 is the bare
/// value that versions before the envelope wrote; it is read as it is, and saved as version 1 on
/// the next change, so an upgrade neither re-pages nor forgets a pending `for`.
enum SavedState {
    static let schema = 1

    private struct Envelope<Value: Codable>: Codable {
        var schema: Int
        var value: Value
    }

    private struct SchemaOnly: Decodable {
        var schema: Int?
    }

    static func encode<Value: Codable>(_ value: Value) throws -> Data {
        try JSONEncoder().encode(Envelope(schema: schema, value: value))
    }

    static func decode<Value: Codable>(_ type: Value.Type, from data: Data) throws -> Value {
        switch try JSONDecoder().decode(SchemaOnly.self, from: data).schema {
        case nil: return try JSONDecoder().decode(Value.self, from: data)
        case let version? where version <= schema:
            return try JSONDecoder().decode(Envelope<Value>.self, from: data).value
        case let version?: throw SavedStateError.newerSchema(version)
        }
    }
}

enum SavedStateError: Error, CustomStringConvertible {
    case newerSchema(Int)

    var description: String {
        switch self {
        case .newerSchema(let version):
            "written by a newer naker-exporter (schema \(version), this one reads up to \(SavedState.schema)); "
                + "upgrade again, or restore the state backup taken with this version"
        }
    }
}
