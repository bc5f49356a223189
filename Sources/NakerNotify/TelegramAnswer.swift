import Foundation

/// The error answer of the Telegram Bot API: `{"ok": false, "error_code": 429, "description": …,
/// "parameters": {"retry_after": 3}}`, where `parameters` is the API's `ResponseParameters`
/// object (`retry_after`: seconds to wait before repeating the request; `migrate_to_chat_id`: the
/// supergroup a group was moved to). Telegram sends no `Retry-After` header, so the body is read.
struct TelegramAnswer: Decodable {
    struct Parameters: Decodable {
        var retryAfter: Double?
        var migrateToChatID: Int64?

        enum CodingKeys: String, CodingKey {
            case retryAfter = "retry_after"
            case migrateToChatID = "migrate_to_chat_id"
        }
    }

    var ok: Bool?
    var parameters: Parameters?

    /// The answer's parameters, when `body` is a Telegram error answer.
    static func parameters(_ body: [UInt8]) -> Parameters? {
        guard
            body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{"),
            let answer = try? JSONDecoder().decode(TelegramAnswer.self, from: Data(body)), answer.ok == false
        else { return nil }
        return answer.parameters
    }
}
