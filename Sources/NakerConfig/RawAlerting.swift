import Yams

/// `alerts:` entries as written.
struct RawAlert: Decodable {
    var name: ConfigScalar?
    var target: ConfigScalar?
    var source: ConfigScalar?
    var when: ConfigScalar?
    var threshold: ConfigScalar?
    var maxAge: ConfigScalar?
    var forDuration: ConfigScalar?
    var keepFiringFor: ConfigScalar?
    var severity: ConfigScalar?
    var labels: [String: ConfigScalar]?
    var annotations: [String: ConfigScalar]?
    var receivers: [ConfigScalar]?
    var line: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, target, source, when, threshold, severity, labels, annotations, receivers
        case maxAge = "max_age"
        case forDuration = "for"
        case keepFiringFor = "keep_firing_for"
    }

    init(from decoder: any Decoder) throws {
        try ConfigKeyCheck.check(decoder, known: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(ConfigScalar.self, forKey: .name)
        target = try container.decodeIfPresent(ConfigScalar.self, forKey: .target)
        source = try container.decodeIfPresent(ConfigScalar.self, forKey: .source)
        when = try container.decodeIfPresent(ConfigScalar.self, forKey: .when)
        threshold = try container.decodeIfPresent(ConfigScalar.self, forKey: .threshold)
        maxAge = try container.decodeIfPresent(ConfigScalar.self, forKey: .maxAge)
        forDuration = try container.decodeIfPresent(ConfigScalar.self, forKey: .forDuration)
        keepFiringFor = try container.decodeIfPresent(ConfigScalar.self, forKey: .keepFiringFor)
        severity = try container.decodeIfPresent(ConfigScalar.self, forKey: .severity)
        labels = try container.decodeIfPresent([String: ConfigScalar].self, forKey: .labels)
        annotations = try container.decodeIfPresent([String: ConfigScalar].self, forKey: .annotations)
        receivers = try container.decodeIfPresent([ConfigScalar].self, forKey: .receivers)
        line = decoder.mark?.line
    }
}

/// `receivers:` entries as written.
struct RawReceiver: Decodable {
    var name: ConfigScalar?
    var webhook: RawWebhook?
    var alertmanager: RawAlertmanager?
    var line: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, webhook, alertmanager
    }

    init(from decoder: any Decoder) throws {
        try ConfigKeyCheck.check(decoder, known: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(ConfigScalar.self, forKey: .name)
        webhook = try container.decodeIfPresent(RawWebhook.self, forKey: .webhook)
        alertmanager = try container.decodeIfPresent(RawAlertmanager.self, forKey: .alertmanager)
        line = decoder.mark?.line
    }
}

struct RawAlertmanager: Decodable {
    var urls: [ConfigScalar]?
    var timeout: ConfigScalar?
    var resendDelay: ConfigScalar?
    var headers: [String: RawSecret]?
    var basicAuth: RawBasicAuth?
    var caFile: ConfigScalar?
    var line: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case urls, timeout, headers
        case resendDelay = "resend_delay"
        case basicAuth = "basic_auth"
        case caFile = "ca_file"
    }

    init(from decoder: any Decoder) throws {
        try ConfigKeyCheck.check(decoder, known: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        urls = try container.decodeIfPresent([ConfigScalar].self, forKey: .urls)
        timeout = try container.decodeIfPresent(ConfigScalar.self, forKey: .timeout)
        resendDelay = try container.decodeIfPresent(ConfigScalar.self, forKey: .resendDelay)
        headers = try container.decodeIfPresent([String: RawSecret].self, forKey: .headers)
        basicAuth = try container.decodeIfPresent(RawBasicAuth.self, forKey: .basicAuth)
        caFile = try container.decodeIfPresent(ConfigScalar.self, forKey: .caFile)
        line = decoder.mark?.line
    }
}

struct RawBasicAuth: Decodable {
    var username: ConfigScalar?
    var passwordFile: ConfigScalar?
    var passwordEnv: ConfigScalar?
    var line: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case username
        case passwordFile = "password_file"
        case passwordEnv = "password_env"
    }

    init(from decoder: any Decoder) throws {
        try ConfigKeyCheck.check(decoder, known: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        username = try container.decodeIfPresent(ConfigScalar.self, forKey: .username)
        passwordFile = try container.decodeIfPresent(ConfigScalar.self, forKey: .passwordFile)
        passwordEnv = try container.decodeIfPresent(ConfigScalar.self, forKey: .passwordEnv)
        line = decoder.mark?.line
    }
}

struct RawWebhook: Decodable {
    var url: ConfigScalar?
    var urlFile: ConfigScalar?
    var urlEnv: ConfigScalar?
    var format: ConfigScalar?
    var templateFile: ConfigScalar?
    var contentType: ConfigScalar?
    var templateVariables: [String: ConfigScalar]?
    var headers: [String: RawSecret]?
    var hmacSecretFile: ConfigScalar?
    var hmacSecretEnv: ConfigScalar?
    var timeout: ConfigScalar?
    var sendResolved: ConfigScalar?
    var maxAlerts: ConfigScalar?
    var line: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url, format, headers, timeout
        case maxAlerts = "max_alerts"
        case urlFile = "url_file"
        case urlEnv = "url_env"
        case templateFile = "template_file"
        case contentType = "content_type"
        case templateVariables = "template_variables"
        case hmacSecretFile = "hmac_secret_file"
        case hmacSecretEnv = "hmac_secret_env"
        case sendResolved = "send_resolved"
    }

    init(from decoder: any Decoder) throws {
        try ConfigKeyCheck.check(decoder, known: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        url = try container.decodeIfPresent(ConfigScalar.self, forKey: .url)
        urlFile = try container.decodeIfPresent(ConfigScalar.self, forKey: .urlFile)
        urlEnv = try container.decodeIfPresent(ConfigScalar.self, forKey: .urlEnv)
        format = try container.decodeIfPresent(ConfigScalar.self, forKey: .format)
        templateFile = try container.decodeIfPresent(ConfigScalar.self, forKey: .templateFile)
        contentType = try container.decodeIfPresent(ConfigScalar.self, forKey: .contentType)
        templateVariables = try container.decodeIfPresent(
            [String: ConfigScalar].self, forKey: .templateVariables)
        headers = try container.decodeIfPresent([String: RawSecret].self, forKey: .headers)
        hmacSecretFile = try container.decodeIfPresent(ConfigScalar.self, forKey: .hmacSecretFile)
        hmacSecretEnv = try container.decodeIfPresent(ConfigScalar.self, forKey: .hmacSecretEnv)
        timeout = try container.decodeIfPresent(ConfigScalar.self, forKey: .timeout)
        sendResolved = try container.decodeIfPresent(ConfigScalar.self, forKey: .sendResolved)
        maxAlerts = try container.decodeIfPresent(ConfigScalar.self, forKey: .maxAlerts)
        line = decoder.mark?.line
    }
}

/// A header value: plain text, or `{ file: PATH }` / `{ env: NAME }` / `{ value: TEXT }`.
struct RawSecret: Decodable {
    var value: ConfigScalar?
    var file: ConfigScalar?
    var env: ConfigScalar?
    var line: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case value, file, env
    }

    init(from decoder: any Decoder) throws {
        line = decoder.mark?.line
        if let plain = try? decoder.singleValueContainer().decode(ConfigScalar.self) {
            value = plain
            return
        }
        try ConfigKeyCheck.check(decoder, known: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        value = try container.decodeIfPresent(ConfigScalar.self, forKey: .value)
        file = try container.decodeIfPresent(ConfigScalar.self, forKey: .file)
        env = try container.decodeIfPresent(ConfigScalar.self, forKey: .env)
    }
}

/// `notification:` as written.
struct RawNotification: Decodable {
    var groupBy: [ConfigScalar]?
    var groupWait: ConfigScalar?
    var groupInterval: ConfigScalar?
    var repeatInterval: ConfigScalar?
    var retry: RawRetry?
    var logRetention: ConfigScalar?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case retry
        case logRetention = "log_retention"
        case groupBy = "group_by"
        case groupWait = "group_wait"
        case groupInterval = "group_interval"
        case repeatInterval = "repeat_interval"
    }

    init(from decoder: any Decoder) throws {
        try ConfigKeyCheck.check(decoder, known: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        groupBy = try container.decodeIfPresent([ConfigScalar].self, forKey: .groupBy)
        groupWait = try container.decodeIfPresent(ConfigScalar.self, forKey: .groupWait)
        groupInterval = try container.decodeIfPresent(ConfigScalar.self, forKey: .groupInterval)
        repeatInterval = try container.decodeIfPresent(ConfigScalar.self, forKey: .repeatInterval)
        retry = try container.decodeIfPresent(RawRetry.self, forKey: .retry)
        logRetention = try container.decodeIfPresent(ConfigScalar.self, forKey: .logRetention)
    }
}

struct RawRetry: Decodable {
    var initial: ConfigScalar?
    var max: ConfigScalar?
    var giveUpAfter: ConfigScalar?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case initial, max
        case giveUpAfter = "give_up_after"
    }

    init(from decoder: any Decoder) throws {
        try ConfigKeyCheck.check(decoder, known: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        initial = try container.decodeIfPresent(ConfigScalar.self, forKey: .initial)
        max = try container.decodeIfPresent(ConfigScalar.self, forKey: .max)
        giveUpAfter = try container.decodeIfPresent(ConfigScalar.self, forKey: .giveUpAfter)
    }
}
