import ArgumentParser
import Foundation

/// `--web.listen-address`: `host:port`, `[v6]:port`, or `:port` for every interface.
struct ListenAddress {
    var host: String
    var port: Int

    init(_ text: String) throws {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw ValidationError(
                "--web.listen-address \"\(text)\" must be host:port, e.g. 127.0.0.1:6309 or :6309")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host.isEmpty ? "0.0.0.0" : host
        self.port = port
    }

    /// Where people reach us, for `externalURL` in notifications.
    var externalURL: String {
        let name = host == "0.0.0.0" || host == "::" ? ProcessInfo.processInfo.hostName : host
        return "http://\(name.contains(":") ? "[\(name)]" : name):\(port)"
    }
}
