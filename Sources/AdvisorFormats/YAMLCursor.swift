internal import Yams
import AdvisorCore

/// Reads a YAML (or JSON) document with the position of every value, so errors can say
/// `file:line:column: field: what was expected`.
struct YAMLCursor {
    let node: Node
    let path: String
    let file: String

    static func parse(_ text: String, file: String) throws(FormatError) -> YAMLCursor {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw FormatError(yamlError: error, file: file)
        } catch {
            throw FormatError(file: file, message: "cannot be parsed: \(error)")
        }
        guard let root else { throw FormatError(file: file, line: 1, message: "is empty; expected a YAML document") }
        return YAMLCursor(node: root, path: "", file: file)
    }

    var line: Int? { node.mark?.line }
    var column: Int? { node.mark?.column }

    func error(_ message: String) -> FormatError {
        FormatError(file: file, line: line, column: column, field: path.isEmpty ? nil : path, message: message)
    }

    private var kind: String {
        switch node {
        case .scalar(let scalar): return scalar.tag.description.hasSuffix(":null") ? "null" : "a scalar '\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    func mapping(keys allowed: [String]) throws(FormatError) -> YAMLMapping {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping, found \(kind)") }
        var entries: [(String, YAMLCursor)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw error("expected string keys") }
            let child = YAMLCursor(node: value, path: path.isEmpty ? key : "\(path).\(key)", file: file)
            guard allowed.contains(key) else {
                let suggestions = Suggest.nearest(key, in: allowed)
                let hint = suggestions.isEmpty ? "" : " (did you mean '\(suggestions[0])'?)"
                throw FormatError(file: file, line: keyNode.mark?.line, column: keyNode.mark?.column,
                                  field: child.path,
                                  message: "unknown key '\(key)'\(hint); expected one of \(allowed.joined(separator: ", "))")
            }
            entries.append((key, child))
        }
        return YAMLMapping(cursor: self, entries: entries)
    }

    /// A mapping whose unknown keys are ignored (other tools' output, which may grow new fields).
    func lenientMapping() throws(FormatError) -> YAMLMapping {
        guard case .mapping(let mapping) = node else { throw error("expected an object, found \(kind)") }
        var entries: [(String, YAMLCursor)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            entries.append((key, YAMLCursor(node: value, path: path.isEmpty ? key : "\(path).\(key)", file: file)))
        }
        return YAMLMapping(cursor: self, entries: entries)
    }

    var isMapping: Bool {
        if case .mapping = node { return true }
        return false
    }

    func list() throws(FormatError) -> [YAMLCursor] {
        guard case .sequence(let sequence) = node else { throw error("expected a list, found \(kind)") }
        return sequence.enumerated().map { YAMLCursor(node: $1, path: "\(path)[\($0)]", file: file) }
    }

    func string() throws(FormatError) -> String {
        guard case .scalar(let scalar) = node, !scalar.tag.description.hasSuffix(":null") else {
            throw error("expected a string, found \(kind)")
        }
        return scalar.string
    }

    func strings() throws(FormatError) -> [String] {
        var result: [String] = []
        for item in try list() { result.append(try item.string()) }
        return result
    }

    func double() throws(FormatError) -> Double {
        guard case .scalar = node, let value = node.float ?? node.int.map(Double.init), value.isFinite else {
            throw error("expected a number, found \(kind)")
        }
        return value
    }

    func int() throws(FormatError) -> Int {
        guard case .scalar = node, let value = node.int else { throw error("expected a whole number, found \(kind)") }
        return value
    }

    func bool() throws(FormatError) -> Bool {
        guard case .scalar = node, let value = node.bool else { throw error("expected true or false, found \(kind)") }
        return value
    }
}

struct YAMLMapping {
    let cursor: YAMLCursor
    let entries: [(String, YAMLCursor)]

    func optional(_ key: String) -> YAMLCursor? {
        entries.first { $0.0 == key }?.1
    }

    func required(_ key: String) throws(FormatError) -> YAMLCursor {
        guard let value = optional(key) else { throw cursor.error("missing required key '\(key)'") }
        return value
    }
}

extension FormatError {
    init(yamlError: YamlError, file: String) {
        switch yamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            self.init(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(prefix)\(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            self.init(file: file, line: context.mark.line, column: context.mark.column,
                      message: "duplicate keys: \(duplicates.joined(separator: ", "))")
        default:
            self.init(file: file, message: "invalid YAML: \(yamlError)")
        }
    }
}
