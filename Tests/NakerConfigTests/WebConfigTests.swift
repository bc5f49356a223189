import Testing

@testable import NakerConfig

struct WebConfigTests {
    /// bcrypt of "rahasia" at cost 4, made with Python's `bcrypt` package.
    static let hash = "$2b$04$SRsL7CpYmHeaIkbt2bqJC.3kqwydVR/c8e6Rb/6FKgUIznV/QEBMq"

    func problems(_ yaml: String) -> [String] {
        do {
            _ = try WebConfig.parse(yaml: yaml, baseDirectory: "/etc/naker-exporter")
            return []
        } catch {
            guard case .invalid(_, let problems) = error else { return ["\(error)"] }
            return problems.map(\.description)
        }
    }

    @Test func exporterToolkitKeysDecode() throws {
        let config = try WebConfig.parse(
            yaml: """
                tls_server_config:
                  cert_file: tls/server.crt
                  key_file: /etc/ssl/private/naker.key
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: tls/clients.crt
                  min_version: TLS13
                http_server_config:
                  http2: false
                  headers:
                    X-Frame-Options: deny
                    strict-transport-security: max-age=31536000
                basic_auth_users:
                  prometheus: \(Self.hash)
                """, baseDirectory: "/etc/naker-exporter")
        let tls = try #require(config.tls)
        #expect(tls.certificateFile == "/etc/naker-exporter/tls/server.crt")
        #expect(tls.keyFile == "/etc/ssl/private/naker.key")
        #expect(
            tls.clientAuth == .requireAndVerify && tls.clientCAFile == "/etc/naker-exporter/tls/clients.crt")
        #expect(tls.minimumVersion == .tls13 && tls.maximumVersion == nil)
        #expect(
            config.headers == [
                .init(name: "X-Frame-Options", value: "deny"),
                .init(name: "Strict-Transport-Security", value: "max-age=31536000"),
            ])
        #expect(config.users == ["prometheus": Self.hash])
        #expect(
            WebConfig.watchedFiles(path: "/etc/naker-exporter/web.yml", config: config) == [
                "/etc/naker-exporter/web.yml", "/etc/naker-exporter/tls/server.crt",
                "/etc/ssl/private/naker.key", "/etc/naker-exporter/tls/clients.crt",
            ])
    }

    @Test func anEmptyFileOrNoCertificateMeansPlainHTTP() throws {
        #expect(try WebConfig.parse(yaml: "", baseDirectory: "/") == WebConfig())
        let config = try WebConfig.parse(
            yaml: "tls_server_config: {}\nbasic_auth_users:\n  a: \(Self.hash)\n", baseDirectory: "/")
        #expect(config.tls == nil && config.users.count == 1)
    }

    @Test func everyProblemIsNamedByItsKey() {
        let found = problems(
            """
            tls_server_config:
              cert_file: server.crt
              client_ca_file: ca.crt
              min_version: TLS13
              max_version: TLS12
              cipher_suites: [TLS_AES_128_GCM_SHA256]
            http_server_config:
              headers:
                Server: naker
                X-Frame-Options: allow
            basic_auth_users:
              admin: rahasia
            web_root: /srv
            """)
        #expect(found.contains { $0.hasPrefix("tls_server_config.key_file: is required") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("tls_server_config.cipher_suites: is not supported") })
        #expect(found.contains { $0.hasPrefix("http_server_config.headers.Server: cannot be configured") })
        #expect(
            found.contains { $0.hasPrefix("http_server_config.headers.X-Frame-Options: must be one of deny") }
        )
        #expect(found.contains { $0.hasPrefix("basic_auth_users.admin: must be a bcrypt hash") })
        #expect(found.contains { $0.hasPrefix("web_root: is not a web config key") })
        #expect(found.allSatisfy { $0.contains("(line ") }, "every problem has its line: \(found)")
    }

    @Test func clientCertificateSettingsMustAgree() {
        #expect(
            problems("tls_server_config: { cert_file: a, key_file: b, client_ca_file: ca }").contains {
                $0.hasPrefix("tls_server_config.client_auth_type: must be set")
            })
        #expect(
            problems(
                "tls_server_config: { cert_file: a, key_file: b, client_auth_type: RequireAndVerifyClientCert }"
            )
            .contains { $0.hasPrefix("tls_server_config.client_ca_file: is required") })
        #expect(
            problems(
                "tls_server_config: { cert_file: a, key_file: b, min_version: TLS13, max_version: TLS12 }"
            )
            .contains { $0.hasPrefix("tls_server_config.max_version: is below min_version") })
        #expect(
            problems("tls_server_config: { cert_file: a, key_file: b, client_auth_type: Sometimes }").contains
            {
                $0.hasPrefix("tls_server_config.client_auth_type: must be one of NoClientCert")
            })
    }

    @Test func bcryptHashesAreRecognised() {
        #expect(WebConfigReader.isBcrypt(Self.hash))
        #expect(WebConfigReader.isBcrypt("$2y$" + Self.hash.dropFirst(4)))
        #expect(!WebConfigReader.isBcrypt("$2b$04$short"))
        #expect(!WebConfigReader.isBcrypt("$1$" + Self.hash.dropFirst(3)))
        #expect(!WebConfigReader.isBcrypt(String(Self.hash.dropLast()) + "!"))
    }
}
