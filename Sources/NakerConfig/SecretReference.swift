/// Where a secret (a webhook URL, a header value, an HMAC key) comes from. The value itself is
/// read only when a request is made, and never printed.
public enum SecretReference: Hashable, Sendable {
    case value(String)
    /// An absolute path, e.g. under `$CREDENTIALS_DIRECTORY` (systemd `LoadCredential=`).
    case file(String)
    /// The name of an environment variable.
    case environment(String)
}
