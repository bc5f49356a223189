import Foundation
import Testing

@testable import NakerDaemon

struct PasswordCheckTests {
    /// bcrypt of "rahasia" at cost 4, made with Python's `bcrypt` package.
    static let hash = "$2b$04$SRsL7CpYmHeaIkbt2bqJC.3kqwydVR/c8e6Rb/6FKgUIznV/QEBMq"

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    @Test func theRightPasswordOnlyAndEachCredentialPaysBcryptOnce() async {
        let check = PasswordCheck()
        let users = ["prometheus": Self.hash]
        #expect(await check.allows(authorization: Self.basic("prometheus", "rahasia"), users: users))
        #expect(await check.allows(authorization: Self.basic("prometheus", "rahasia"), users: users))
        #expect(check.computations.load(ordering: .relaxed) == 1, "the second check came from the cache")
        #expect(await !check.allows(authorization: Self.basic("prometheus", "salah"), users: users))
        #expect(await !check.allows(authorization: Self.basic("grafana", "rahasia"), users: users))
        #expect(check.computations.load(ordering: .relaxed) == 3, "an unknown user costs a bcrypt too")
        #expect(await !check.allows(authorization: nil, users: users))
        #expect(await !check.allows(authorization: "Bearer abc", users: users))
        #expect(await !check.allows(authorization: "Basic !!!", users: users))
        // htpasswd -B writes $2y$, the same algorithm.
        #expect(
            await check.allows(
                authorization: Self.basic("prometheus", "rahasia"),
                users: ["prometheus": "$2y$" + Self.hash.dropFirst(4)]))
    }

    @Test func aPasswordMayHoldColons() {
        let parsed = PasswordCheck.credentials(Self.basic("ops", "a:b:c"))
        #expect(parsed?.user == "ops" && parsed?.password == "a:b:c")
    }
}
