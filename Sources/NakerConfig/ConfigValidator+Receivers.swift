import Foundation

extension ConfigValidator {
    static let labelNamePattern = "[a-zA-Z_][a-zA-Z0-9_]*"

    static func isLabelName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first,
            first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return text.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
        }
    }

    mutating func validateReceivers(_ raw: [RawReceiver]) -> (
        webhooks: [ReceiverConfig], alertmanagers: [AlertmanagerReceiverConfig]
    ) {
        var seen: Set<String> = []
        var receivers: [ReceiverConfig] = []
        var alertmanagers: [AlertmanagerReceiverConfig] = []
        for (index, rawReceiver) in raw.enumerated() {
            let path = "receivers[\(index)]"
            let name = name(rawReceiver.name, path, line: rawReceiver.line)
            if let name, !seen.insert(name).inserted {
                report(
                    "\(path).name", "\"\(name)\" is used by an earlier receiver; names must be unique",
                    rawReceiver.name)
            }
            switch (rawReceiver.webhook, rawReceiver.alertmanager) {
            case (let webhook?, nil):
                if let name, let receiver = validateWebhook(webhook, "\(path).webhook", name: name) {
                    receivers.append(receiver)
                }
            case (nil, let alertmanager?):
                if let name,
                    let receiver = validateAlertmanager(alertmanager, "\(path).alertmanager", name: name)
                {
                    alertmanagers.append(receiver)
                }
            case (nil, nil):
                report(
                    "\(path).webhook",
                    "is required: `webhook: { url_file: <file holding the URL> }`, or "
                        + "`alertmanager: { urls: [http://127.0.0.1:9093] }`",
                    line: rawReceiver.line)
            case (_?, _?):
                report(
                    path, "give webhook or alertmanager, not both; make two receivers", line: rawReceiver.line
                )
            }
        }
        return (receivers, alertmanagers)
    }

    mutating func validateAlertmanager(_ raw: RawAlertmanager, _ path: String, name: String)
        -> AlertmanagerReceiverConfig?
    {
        guard let rawURLs = raw.urls, !rawURLs.isEmpty else {
            report(
                "\(path).urls", "is required: every member of the cluster, e.g. [http://127.0.0.1:9093]",
                line: raw.line)
            return nil
        }
        var urls: [String] = []
        for (index, scalar) in rawURLs.enumerated() {
            var text = scalar.text.trimmingCharacters(in: .whitespaces)
            while text.hasSuffix("/") { text.removeLast() }
            guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https", url.host?.isEmpty == false, url.query == nil,
                url.fragment == nil
            else {
                report(
                    "\(path).urls[\(index)]",
                    "must be an Alertmanager's http(s) base URL, e.g. http://127.0.0.1:9093",
                    scalar)
                continue
            }
            guard url.user == nil, url.password == nil else {
                report(
                    "\(path).urls[\(index)]",
                    "must not hold a user or password (it is shown in metrics); use basic_auth: { username, password_file }",
                    scalar)
                continue
            }
            urls.append(text)
        }
        let owner = "receiver \(quoted(name))"
        var receiver = AlertmanagerReceiverConfig(name: name, urls: urls)
        if let timeout = raw.timeout, let parsed = positiveDuration(timeout, "\(path).timeout") {
            receiver.timeout = parsed
        }
        if let delay = raw.resendDelay, let parsed = positiveDuration(delay, "\(path).resend_delay") {
            receiver.resendDelay = parsed
        }
        receiver.headers = headers(raw.headers, "\(path).headers", owner: owner)
        if let auth = raw.basicAuth {
            let authPath = "\(path).basic_auth"
            let username = auth.username.flatMap { text($0, "\(authPath).username") }
            if auth.username == nil { report("\(authPath).username", "is required", line: auth.line) }
            var password: SecretReference?
            switch (auth.passwordFile, auth.passwordEnv) {
            case (let file?, nil):
                password = filePath(file, "\(authPath).password_file").map {
                    SecretReference(.file($0), owner: owner, field: "basic auth password")
                }
            case (nil, let variable?):
                password = environmentName(variable, "\(authPath).password_env").map {
                    SecretReference(.environment($0), owner: owner, field: "basic auth password")
                }
            default:
                report(
                    authPath, "needs the password once: password_file: <file> or password_env: <VARIABLE>",
                    line: auth.line)
            }
            if let username, let password {
                receiver.basicAuth = .init(username: username, password: password)
            }
        }
        if let caFile = raw.caFile {
            receiver.caFile = filePath(caFile, "\(path).ca_file")
        }
        return urls.count == rawURLs.count ? receiver : nil
    }

    mutating func validateWebhook(_ raw: RawWebhook, _ path: String, name: String) -> ReceiverConfig? {
        let owner = "receiver \(quoted(name))"
        guard
            let url = urlReference(
                url: raw.url, urlFile: raw.urlFile, urlEnv: raw.urlEnv, path, owner: owner,
                what: "webhook URL",
                line: raw.line)
        else { return nil }
        var receiver = ReceiverConfig(name: name, url: url)
        receiver.format = webhookFormat(raw, path) ?? .alertmanager
        receiver.templateVariables = (raw.templateVariables ?? [:]).mapValues(\.text)
        receiver.headers = headers(raw.headers, "\(path).headers", owner: owner)
        if raw.hmacSecretFile != nil, raw.hmacSecretEnv != nil {
            report(path, "give the HMAC secret once: hmac_secret_file or hmac_secret_env", raw.hmacSecretEnv)
        } else if let file = raw.hmacSecretFile {
            receiver.hmacSecret = filePath(file, "\(path).hmac_secret_file").map {
                SecretReference(.file($0), owner: owner, field: "hmac secret")
            }
        } else if let variable = raw.hmacSecretEnv {
            receiver.hmacSecret = environmentName(variable, "\(path).hmac_secret_env").map {
                SecretReference(.environment($0), owner: owner, field: "hmac secret")
            }
        }
        if let timeout = raw.timeout, let parsed = positiveDuration(timeout, "\(path).timeout") {
            receiver.timeout = parsed
        }
        if let sendResolved = raw.sendResolved, let flag = bool(sendResolved, "\(path).send_resolved") {
            receiver.sendResolved = flag
        }
        if let maxAlerts = raw.maxAlerts {
            if let count = Int(maxAlerts.text.trimmingCharacters(in: .whitespaces)), count >= 0 {
                receiver.maxAlerts = count
            } else {
                report(
                    "\(path).max_alerts", "must be a whole number of alerts, 0 for all; write e.g. 20",
                    maxAlerts)
            }
        }
        return receiver
    }

    mutating func webhookFormat(_ raw: RawWebhook, _ path: String) -> ReceiverConfig.Format? {
        switch raw.format?.text ?? "alertmanager" {
        case "alertmanager":
            if let file = raw.templateFile {
                report("\(path).template_file", "applies to format: template only", file)
            }
            return .alertmanager
        case "template":
            guard let rawFile = raw.templateFile else {
                report(
                    "\(path).template_file",
                    "is required with format: template, e.g. templates/telegram.mustache", line: raw.line)
                return nil
            }
            guard let file = filePath(rawFile, "\(path).template_file") else { return nil }
            let variables = (raw.templateVariables ?? [:]).mapValues(\.text)
            if let problem = templates.problem(inFileAt: file, variables: variables) {
                report("\(path).template_file", problem, rawFile)
            }
            return .template(path: file, contentType: raw.contentType?.text)
        case let other:
            report(
                "\(path).format", "\"\(other)\" is not a format; write alertmanager or template", raw.format)
            return nil
        }
    }

    /// A URL from `url`, `url_file` or `url_env`, exactly one of them. URLs are secrets (chat
    /// gateways and the BPS WebAPI embed tokens and keys in them): no message here quotes one.
    mutating func urlReference(
        url: ConfigScalar?, urlFile: ConfigScalar?, urlEnv: ConfigScalar?, _ path: String, owner: String,
        what: String, line: Int?
    ) -> SecretReference? {
        let given = [
            url.map { ("url", $0) }, urlFile.map { ("url_file", $0) }, urlEnv.map { ("url_env", $0) },
        ]
        .compactMap { $0 }
        guard given.count == 1, let (key, scalar) = given.first else {
            report(
                path,
                given.isEmpty
                    ? "needs the \(what): write url_file: <file> (best for secrets), url_env: <VARIABLE> or url: <URL>"
                    : "give the URL once: url, url_file and url_env exclude each other", line: line)
            return nil
        }
        let location: SecretReference.Location
        switch key {
        case "url":
            let text = scalar.text.lowercased()
            guard text.hasPrefix("http://") || text.hasPrefix("https://") else {
                report(
                    "\(path).url",
                    "must start with http:// or https:// (the value is not shown: it may hold a token)",
                    scalar)
                return nil
            }
            location = .value(scalar.text)
        case "url_file":
            guard let file = filePath(scalar, "\(path).url_file") else { return nil }
            location = .file(file)
        default:
            guard let variable = environmentName(scalar, "\(path).url_env") else { return nil }
            location = .environment(variable)
        }
        return SecretReference(location, owner: owner, field: "url")
    }

    mutating func headers(_ raw: [String: RawSecret]?, _ path: String, owner: String) -> [String:
        SecretReference]
    {
        var headers: [String: SecretReference] = [:]
        for (name, secret) in (raw ?? [:]).sorted(by: { $0.key < $1.key }) {
            let keyPath = "\(path).\(name)"
            let token = CharacterSet(charactersIn: "!#$%&'*+-.^_`|~").union(.alphanumerics)
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && token.contains($0) }) else {
                report(keyPath, "is not an HTTP header name", line: secret.line)
                continue
            }
            let given = [secret.value, secret.file, secret.env].compactMap { $0 }
            guard given.count == 1 else {
                report(
                    keyPath, "give the value once: a plain value, { file: <path> } or { env: <VARIABLE> }",
                    line: secret.line)
                continue
            }
            let location: SecretReference.Location? =
                if let value = secret.value {
                    .value(value.text)
                } else if let file = secret.file {
                    filePath(file, "\(keyPath).file").map { .file($0) }
                } else {
                    secret.env.flatMap { environmentName($0, "\(keyPath).env") }.map { .environment($0) }
                }
            if let location {
                headers[name] = SecretReference(location, owner: owner, field: "header \(name)")
            }
        }
        return headers
    }

    /// A path relative to the config file; `${NAME}` (or `${NAME:-default}`) is replaced from the
    /// environment, so `${CREDENTIALS_DIRECTORY:-credentials}/url` finds systemd credentials and
    /// still works outside systemd.
    mutating func filePath(_ raw: ConfigScalar, _ path: String) -> String? {
        guard var text = text(raw, path) else { return nil }
        while let start = text.range(of: "${"), let end = text[start.upperBound...].firstIndex(of: "}") {
            let expression = text[start.upperBound..<end]
            let parts = expression.components(separatedBy: ":-")
            let name = parts[0]
            guard
                let value = environment[name].flatMap({ $0.isEmpty ? nil : $0 })
                    ?? (parts.count > 1 ? parts[1] : nil)
            else {
                report(path, "uses ${\(name)}, which is not set; set it or write ${\(name):-<default>}", raw)
                return nil
            }
            text.replaceSubrange(start.lowerBound...end, with: value)
        }
        return text.hasPrefix("/")
            ? text : URL(fileURLWithPath: baseDirectory).appendingPathComponent(text).standardized.path
    }

    mutating func environmentName(_ raw: ConfigScalar, _ path: String) -> String? {
        guard ConfigValidator.isLabelName(raw.text) else {
            report(
                path, "\"\(raw.text)\" is not an environment variable name; write e.g. NAKER_LEADERSHIP_URL",
                raw)
            return nil
        }
        return raw.text
    }

    mutating func bool(_ raw: ConfigScalar, _ path: String) -> Bool? {
        switch raw.text {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            report(path, "\"\(raw.text)\" is not true or false", raw)
            return nil
        }
    }

    mutating func validateNotification(_ raw: RawNotification?) -> NotificationConfig {
        var config = NotificationConfig()
        guard let raw else { return config }
        if let groupBy = raw.groupBy {
            config.groupBy = groupBy.compactMap { label in
                guard ConfigValidator.isLabelName(label.text) else {
                    report(
                        "notification.group_by",
                        "\"\(label.text)\" is not a label name (\(ConfigValidator.labelNamePattern))", label)
                    return nil
                }
                return label.text
            }
        }
        func set(_ raw: ConfigScalar?, _ key: String, _ field: inout Duration, zeroAllowed: Bool = false) {
            if let raw, let value = duration(raw, key, zeroAllowed: zeroAllowed) { field = value }
        }
        set(raw.groupWait, "notification.group_wait", &config.groupWait, zeroAllowed: true)
        set(raw.groupInterval, "notification.group_interval", &config.groupInterval)
        set(raw.repeatInterval, "notification.repeat_interval", &config.repeatInterval)
        set(raw.retry?.initial, "notification.retry.initial", &config.retry.initial)
        set(raw.retry?.max, "notification.retry.max", &config.retry.max)
        set(raw.retry?.giveUpAfter, "notification.retry.give_up_after", &config.retry.giveUpAfter)
        set(raw.logRetention, "notification.log_retention", &config.logRetention)
        if config.retry.max < config.retry.initial {
            report("notification.retry.max", "must be at least retry.initial", raw.retry?.max)
        }
        return config
    }
}
