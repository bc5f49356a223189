import Foundation
import FuzzSupport
import NakerCore
import NakerNotify

/// Message templates with hostile values. Input: a mode byte, then (bit 0 clear) which bundled
/// template of Config/templates, or (bit 0 set) a template source of its own (two length bytes,
/// little endian, then the text); then the notification (`context(_:)`).
///
/// A bundled template must render valid JSON whatever the values hold (quotes, backslashes,
/// control characters, U+2028, invalid UTF-8 replaced by U+FFFD, NaN, huge numbers and times),
/// and `generic.mustache` must carry every text value through unchanged. A template from the input
/// may fail to parse or render, but only with a `MessageTemplateError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var input = FuzzInput(data, count)
    let mode = input.byte()
    if mode & 1 == 0 {
        let (name, template) = bundled[Int(mode >> 1) % bundled.count]
        let context = context(&input)
        let body: String
        do {
            body = try template.render(context)
        } catch {
            fuzzCheck(false, "\(name) failed: \(error)")
            return 0
        }
        if name == "generic.mustache" { checkCarried(context, body) }
    } else {
        let length = Int(input.byte()) | Int(input.byte()) << 8
        let source = String(decoding: input.bytes(length), as: UTF8.self)
        let context = context(&input)
        do {
            let template = try MessageTemplate(source: source, name: "fuzz.mustache")
            _ = try template.render(context)
        } catch {
            fuzzCheck(!error.description.isEmpty, "an error without a description")
        }
    }
    return 0
}

private let templateDirectory: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Fuzz/FuzzTemplate/FuzzTemplate.swift
    return (parts + ["Config", "templates"]).joined(separator: "/")
}()

private let bundled: [(String, MessageTemplate)] = [
    "generic.mustache", "generic.en.mustache", "telegram.mustache", "telegram.en.mustache",
    "slack.mustache", "slack.en.mustache",
].map { file in
    do {
        return (file, try MessageTemplate(contentsOfFile: templateDirectory + "/" + file))
    } catch {
        fatalError("cannot load the bundled template: \(error)")
    }
}

private let zones = [
    "UTC", "Asia/Makassar", "Asia/Jakarta", "Asia/Jayapura", "America/St_Johns", "Pacific/Chatham",
    "Australia/Lord_Howe", "Pacific/Kiritimati",
].map { TimeZone(identifier: $0)! }

/// A notification of up to 7 alerts, every text and number from the input.
private func context(_ input: inout FuzzInput) -> MessageContext {
    let flags = input.byte()
    let receiver = input.string()
    let chatID = flags & 1 == 0 ? nil : input.string()
    var variables: [String: String] = [:]
    for _ in 0..<(flags >> 1 & 3) {
        variables[input.string()] = input.string()
    }
    let zone = zones[Int(flags >> 3) % zones.count]
    var alerts: [MessageAlert] = []
    while !input.isAtEnd && alerts.count < 7 {
        let bits = input.byte()
        var labels: [String: String] = [:]
        for _ in 0..<(bits >> 6) {
            labels[input.string()] = input.string()
        }
        alerts.append(
            MessageAlert(
                status: bits & 1 == 0 ? .firing : .resolved, alertname: input.string(),
                severity: input.string(),
                summary: input.string(), details: input.string(), target: input.string(),
                targetDescription: input.string(), value: bits & 2 == 0 ? nil : input.double(),
                goal: bits & 4 == 0 ? nil : input.double(), progress: bits & 8 == 0 ? nil : input.double(),
                isRatio: bits & 16 != 0, direction: input.bool() ? .atLeast : .atMost, startsAt: input.time(),
                endsAt: bits & 32 == 0 ? nil : input.time(), labels: labels))
    }
    let status: MessageAlert.Status? = flags & 32 == 0 ? nil : (flags & 64 == 0 ? .firing : .resolved)
    return MessageContext(
        status: status, receiver: receiver, chatID: chatID, variables: variables, alerts: alerts,
        timeZone: zone)
}

/// `generic.mustache` quotes the receiver and each alert's texts: they come back out of the JSON
/// exactly. A text left empty is not in the alert's values, so Mustache finds the receiver's
/// template variable of that name, if any.
private func checkCarried(_ context: MessageContext, _ body: String) {
    let parsed = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
    guard let parsed, let alerts = parsed["alerts"] as? [[String: Any]] else {
        fuzzCheck(false, "generic.mustache: no alerts array in \(body.debugDescription)")
        return
    }
    fuzzCheck(
        parsed["receiver"] as? String == context.receiver,
        "receiver \(context.receiver.debugDescription) came out as \(String(describing: parsed["receiver"]))")
    fuzzCheck(
        alerts.count == context.alerts.count, "\(context.alerts.count) alerts, \(alerts.count) rendered")
    for (alert, rendered) in zip(context.alerts, alerts) {
        let texts = [
            "alertname": alert.alertname, "severity": alert.severity, "summary": alert.summary,
            "description": alert.details, "target": alert.target,
        ]
        for (key, text) in texts {
            let expected = text.isEmpty && key != "alertname" ? context.variables[key] ?? "" : text
            fuzzCheck(
                rendered[key] as? String == expected,
                "\(key) \(expected.debugDescription) came out as \(String(describing: rendered[key]))")
        }
    }
}
