import Foundation
import Yams

/// Reads a config file: YAML → raw Codable structs → one validation pass that reports every problem.
public enum ConfigParser {
    /// Reads and validates the file at `path`; relative paths inside resolve against its directory.
    /// `templates` compiles message templates (delivery owns the template language).
    public static func load(
        path: String, templates: any TemplateChecking,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> Config {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason =
                FileManager.default.fileExists(atPath: path)
                ? "not readable as UTF-8 text" : "no such file"
            throw .unreadable(path: path, reason: reason)
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(
            yaml: text, baseDirectory: directory, fileName: path, environment: environment,
            templates: templates)
    }

    public static func parse(
        yaml: String, baseDirectory: String, fileName: String = "config", environment: [String: String] = [:],
        templates: any TemplateChecking
    ) throws(ConfigError) -> Config {
        let raw: RawConfig
        let keyCheck = ConfigKeyCheck()
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw ConfigError.invalid(
                    path: fileName,
                    problems: [
                        ConfigProblem(
                            path: "", message: "the file is empty; start from Config/naker-exporter.yml")
                    ])
            }
            raw = try YAMLDecoder().decode(
                RawConfig.self, from: plainKeys(node), userInfo: [ConfigKeyCheck.userInfoKey: keyCheck])
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            throw .invalid(path: fileName, problems: [syntaxProblem(error)])
        } catch let error as DecodingError {
            throw .invalid(path: fileName, problems: keyCheck.problems + [structureProblem(error)])
        } catch {
            throw .invalid(path: fileName, problems: [ConfigProblem(path: "", message: "\(error)")])
        }
        var validator = ConfigValidator(
            baseDirectory: baseDirectory, environment: environment, templates: templates)
        let config = validator.validate(raw)
        let problems = keyCheck.problems + validator.problems
        guard let config, problems.isEmpty else {
            throw .invalid(path: fileName, problems: problems)
        }
        return config
    }

    /// Every mapping key as a plain scalar. Yams finds a key by its text read as a plain scalar, so a
    /// quoted key that reads as a number (a BPS code, `"6309": Tabalong`) would not be found.
    static func plainKeys(_ node: Node) -> Node {
        switch node {
        case .mapping(let mapping):
            let pairs = mapping.map { key, value -> (Node, Node) in
                guard case .scalar(var scalar) = key else { return (key, plainKeys(value)) }
                scalar.tag = scalar.tag.copy(with: .implicit)
                scalar.style = .plain
                return (.scalar(scalar), plainKeys(value))
            }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        case .sequence(let sequence):
            return .sequence(
                Node.Sequence(sequence.map(plainKeys), sequence.tag, sequence.style, sequence.mark))
        default:
            return node
        }
    }

    static func syntaxProblem(_ error: YamlError) -> ConfigProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ConfigProblem(
                path: "", message: "YAML syntax: \(problem)", line: mark.line, column: mark.column)
        default:
            return ConfigProblem(path: "", message: "YAML: \(error)")
        }
    }

    static func structureProblem(_ error: DecodingError) -> ConfigProblem {
        switch error {
        case .typeMismatch(let type, let context):
            let expected =
                type == Node.Sequence.self
                ? "a list (- item)" : type == Node.Scalar.self ? "a single value" : "a mapping (key: value)"
            return ConfigProblem(
                path: ConfigPath.render(context.codingPath), message: "must be \(expected)")
        case .valueNotFound(_, let context):
            return ConfigProblem(path: ConfigPath.render(context.codingPath), message: "must not be empty")
        case .keyNotFound(let key, let context):
            return ConfigProblem(path: ConfigPath.render(context.codingPath + [key]), message: "is required")
        case .dataCorrupted(let context):
            return ConfigProblem(
                path: ConfigPath.render(context.codingPath), message: context.debugDescription)
        @unknown default:
            return ConfigProblem(path: "", message: "\(error)")
        }
    }
}

/// Compiles message templates while the config is validated, so that a broken one is a config
/// problem and not a lost notification later. Delivery owns the template language and passes its
/// check in (`TemplateCheck` of NakerNotify); configuration does not link it.
public protocol TemplateChecking: Sendable {
    /// A `format: template` body file, with the receiver's `template_variables`; nil when usable.
    func problem(inFileAt path: String, variables: [String: String]) -> String?
    /// An alert annotation (plain text, rendered per alert); nil when usable.
    func problem(inAnnotation text: String) -> String?
}
