import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Certificates made by `openssl` for one test: CAs, and certificates they sign for 127.0.0.1
/// (servers) or for a client.
struct TestCertificates {
    let sandbox: Sandbox

    func openssl(_ arguments: [String]) throws {
        let run = try ExporterProcess.run("/usr/bin/openssl", arguments, timeout: .seconds(60))
        guard run.status == 0 else {
            throw ServerTestError(description: "openssl \(arguments): \(run.stderr)")
        }
    }

    /// `name.crt` and `name.key`, a self-signed CA.
    func authority(_ name: String) throws {
        try openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days",
            "2",
            "-subj", "/CN=\(name)", "-keyout", sandbox.path("\(name).key"), "-out",
            sandbox.path("\(name).crt"),
        ])
    }

    /// `name.crt` and `name.key`, signed by the CA `by`.
    func issue(_ name: String, by authority: String, client: Bool = false) throws {
        try openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj",
            "/CN=\(client ? "prometheus" : "localhost")", "-keyout", sandbox.path("\(name).key"), "-out",
            sandbox.path("\(name).csr"),
        ])
        try sandbox.write(
            client ? "extendedKeyUsage=clientAuth\n" : "subjectAltName=DNS:localhost,IP:127.0.0.1\n",
            to: "\(name).ext")
        try openssl([
            "x509", "-req", "-in", sandbox.path("\(name).csr"), "-CA", sandbox.path("\(authority).crt"),
            "-CAkey",
            sandbox.path("\(authority).key"), "-CAcreateserial", "-days", "2", "-extfile",
            sandbox.path("\(name).ext"), "-out", sandbox.path("\(name).crt"),
        ])
    }

    /// A bcrypt hash by Python's `bcrypt` package, not by the exporter's code.
    static func bcrypt(_ password: String) throws -> String {
        let run = try ExporterProcess.run(
            "/usr/bin/env",
            [
                "python3", "-c",
                "import bcrypt, sys; print(bcrypt.hashpw(sys.argv[1].encode(), bcrypt.gensalt(10)).decode())",
                password,
            ], timeout: .seconds(60))
        guard run.status == 0 else { throw ServerTestError(description: "python3 bcrypt: \(run.stderr)") }
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// `--web.config.file`: TLS, client certificates, bcrypt users, headers, and changes while serving.
@Suite(.serialized)
struct WebConfigFileTests {
    static let password = "kata-sandi-rahasia"

    /// A sandbox with a CA, a server certificate and a web config naming both and one user.
    static func secured(clientAuth: String? = nil) throws -> (Sandbox, TestCertificates) {
        let sandbox = try Sandbox()
        let certificates = TestCertificates(sandbox: sandbox)
        try certificates.authority("ca")
        try certificates.issue("server", by: "ca")
        let client = clientAuth.map { "\n  client_auth_type: \($0)\n  client_ca_file: ca.crt" } ?? ""
        try sandbox.write(
            """
            tls_server_config:
              cert_file: server.crt
              key_file: server.key\(client)
            http_server_config:
              headers:
                X-Content-Type-Options: nosniff
            basic_auth_users:
              prometheus: \(try TestCertificates.bcrypt(password))

            """, to: "web.yml")
        return (sandbox, certificates)
    }

    static func start(_ sandbox: Sandbox, clientOptions: [String] = []) throws -> ServerProcess {
        try ServerProcess(
            sandbox, extra: ["--web.config.file=\(sandbox.path("web.yml"))"], scheme: "https",
            clientOptions: ["--cacert", sandbox.path("ca.crt"), "-u", "prometheus:\(password)"]
                + clientOptions)
    }

    @Test func prometheusScrapesOverTLSWithBasicAuthAndOthersAreRefused() throws {
        let (sandbox, _) = try Self.secured()
        defer { sandbox.delete() }
        let server = try Self.start(sandbox)
        defer { server.stop() }
        let url = server.baseURL

        let scrape = try server.get("/metrics")
        #expect(scrape.status == 200 && scrape.text.contains("naker_target_value"))
        #expect(scrape.header("X-Content-Type-Options") == "nosniff")
        let anonymous = try HTTP.get(url + "/metrics", options: ["--cacert", sandbox.path("ca.crt")])
        #expect(anonymous.status == 401 && anonymous.header("WWW-Authenticate")?.hasPrefix("Basic") == true)
        #expect(!anonymous.text.contains("naker_"))
        let wrong = try HTTP.get(
            url + "/", options: ["--cacert", sandbox.path("ca.crt"), "-u", "prometheus:salah"])
        #expect(wrong.status == 401)
        let unknown = try HTTP.get(
            url + "/-/healthy",
            options: ["--cacert", sandbox.path("ca.crt"), "-u", "grafana:\(Self.password)"])
        #expect(unknown.status == 401, "every path needs the credentials")
        #expect(
            (try HTTP.get(url + "/no-such-page", options: ["--cacert", sandbox.path("ca.crt")])).status == 401
        )
        // Plain HTTP to the TLS port gets no answer.
        #expect(throws: HTTP.Failure.self) { try HTTP.get("http://127.0.0.1:\(server.port)/metrics") }
        // A certificate the client does not trust.
        #expect(throws: HTTP.Failure.self) { try HTTP.get(url + "/metrics") }

        let prometheus = try PrometheusProcess(
            sandbox,
            scrapeConfig: """
                scrape_configs:
                  - job_name: naker
                    scheme: https
                    tls_config: { ca_file: \(sandbox.path("ca.crt")) }
                    basic_auth: { username: prometheus, password: \(Self.password) }
                    static_configs:
                      - targets: ["127.0.0.1:\(server.port)"]
                """)
        defer { prometheus.stop() }
        let up = eventually(timeout: .seconds(60), interval: .milliseconds(250)) {
            (try? prometheus.query(#"up{job="naker"}"#)) == 1
        }
        #expect(up, "Prometheus never scraped over TLS:\n\(prometheus.log)")
        #expect(try prometheus.query(#"naker_target_value{target="wub_2019_2024"}"#) == 25122)
        #expect(!server.stderr.contains(Self.password), "the password is never logged")
    }

    @Test func requireAndVerifyClientCertRefusesAClientWithoutOne() throws {
        let (sandbox, certificates) = try Self.secured(clientAuth: "RequireAndVerifyClientCert")
        defer { sandbox.delete() }
        try certificates.issue("client", by: "ca", client: true)
        try certificates.authority("stranger-ca")
        try certificates.issue("stranger", by: "stranger-ca", client: true)
        let server = try Self.start(
            sandbox,
            clientOptions: ["--cert", sandbox.path("client.crt"), "--key", sandbox.path("client.key")])
        defer { server.stop() }

        #expect(try server.get("/metrics").status == 200)
        let trust = ["--cacert", sandbox.path("ca.crt"), "-u", "prometheus:\(Self.password)"]
        #expect(throws: HTTP.Failure.self) { try HTTP.get(server.baseURL + "/metrics", options: trust) }
        #expect(throws: HTTP.Failure.self) {
            try HTTP.get(
                server.baseURL + "/metrics",
                options: trust + [
                    "--cert", sandbox.path("stranger.crt"), "--key", sandbox.path("stranger.key"),
                ])
        }
    }

    @Test func aRenewedCertificateServesTheNextConnectionWithoutARestart() throws {
        let (sandbox, certificates) = try Self.secured()
        defer { sandbox.delete() }
        let server = try Self.start(sandbox)
        defer { server.stop() }
        let credentials = ["-u", "prometheus:\(Self.password)"]
        #expect(try server.get("/-/healthy").status == 200)

        // The renewal comes from another CA, so which certificate a connection got is plain.
        try certificates.authority("ca2")
        try certificates.issue("renewed", by: "ca2")
        for part in ["key", "crt"] {
            try sandbox.replaceAtomically(try sandbox.read("renewed.\(part)"), at: "server.\(part)")
        }
        let renewed = eventually(timeout: .seconds(10)) {
            (try? HTTP.get(
                server.baseURL + "/-/healthy", options: ["--cacert", sandbox.path("ca2.crt")] + credentials))?
                .status
                == 200
        }
        #expect(renewed, "\(server.stderr)")
        #expect(throws: HTTP.Failure.self) {
            try HTTP.get(
                server.baseURL + "/-/healthy", options: ["--cacert", sandbox.path("ca.crt")] + credentials)
        }
        #expect(server.stderr.contains("web config reloaded"))
        #expect(server.process.isRunning)
    }

    @Test func aBadChangeKeepsTheOldSettingsAndANewUserNeedsNoRestart() throws {
        let (sandbox, _) = try Self.secured()
        defer { sandbox.delete() }
        let server = try Self.start(sandbox)
        defer { server.stop() }
        let original = try sandbox.read("web.yml")

        try sandbox.replaceAtomically(original + "tls_server_config_typo: {}\n", at: "web.yml")
        #expect(try server.get("/-/healthy").status == 200, "the old settings stay in force")
        #expect(
            eventually(timeout: .seconds(5)) { server.stderr.contains("web config change not applied") },
            "\(server.stderr)")
        #expect(server.stderr.contains("tls_server_config_typo"))

        let added = try TestCertificates.bcrypt("grafana-sandi")
        try sandbox.replaceAtomically(original + "  grafana: \(added)\n", at: "web.yml")
        let grafana = try HTTP.get(
            server.baseURL + "/-/ready",
            options: ["--cacert", sandbox.path("ca.crt"), "-u", "grafana:grafana-sandi"])
        #expect(grafana.status == 200)
    }

    @Test func aWebConfigThatCannotBeUsedStopsTheStart() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        try sandbox.write("basic_auth_users:\n  admin: rahasia\n", to: "web.yml")
        try sandbox.write(
            "tls_server_config:\n  cert_file: missing.crt\n  key_file: missing.key\n", to: "tls.yml")
        let cases = [
            ("web.yml", "basic_auth_users.admin: must be a bcrypt hash"),
            ("tls.yml", "tls_server_config.cert_file: cannot use \(sandbox.path("missing.crt"))"),
            ("absent.yml", "cannot read the web config file"),
        ]
        for (file, message) in cases {
            let server = try ServerProcess(
                sandbox, extra: ["--web.config.file=\(sandbox.path(file))"], name: file, ready: false)
            defer { server.stop() }
            #expect(server.waitForExit(timeout: .seconds(30)) == 1, "\(file)")
            #expect(server.stderr.contains(message), "\(file): \(server.stderr)")
        }
    }
}
