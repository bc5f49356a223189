import Testing

@testable import NakerNotify

struct WebhookSignerTests {
    // Vectors computed with Python:
    // python3 -c 'import hmac,hashlib; print(hmac.new(b"naker-rahasia",
    //     b"1714550400." + b"{\"status\":\"firing\"}", hashlib.sha256).hexdigest())'
    @Test func matchesPythonHMAC() {
        let signer = WebhookSigner(secret: "naker-rahasia")
        #expect(
            signer.signature(timestamp: 1_714_550_400, body: Array(#"{"status":"firing"}"#.utf8))
                == "sha256=afcf4e5faf0bbe2cc083c3681677dd9c055865c5c97d115c86999f2906bfa1d0")
    }

    @Test func usesTheSecretsUTF8BytesAndSignsEmptyBodies() {
        // python3 -c 'import hmac,hashlib; print(hmac.new("kéy".encode(), b"0.", hashlib.sha256).hexdigest())'
        #expect(
            WebhookSigner(secret: "kéy").signature(timestamp: 0, body: [])
                == "sha256=f24533c7bd3f71493074311a92558419626f6a150729b9ad0e994c3b11e6bcdd")
    }

    @Test func producesBothHeaders() {
        let headers = WebhookSigner(secret: "naker-rahasia").headers(
            timestamp: 1_714_550_400, body: Array(#"{"status":"firing"}"#.utf8))
        #expect(headers.map(\.name) == ["X-Naker-Timestamp", "X-Naker-Signature"])
        #expect(headers[0].value == "1714550400")
        #expect(headers[1].value.hasPrefix("sha256=afcf4e5f"))
    }

    @Test func neverShowsTheSecret() {
        let signer = WebhookSigner(secret: "naker-rahasia")
        var dumped = ""
        dump(signer, to: &dumped)
        for text in ["\(signer)", String(reflecting: signer), dumped] {
            #expect(!text.contains("naker-rahasia"))
        }
    }
}
