import Foundation
internal import Yams
import AdvisorCore

/// Reads a YAML (or JSON) document with the position of every value, so errors can say
/// `file:line:column: field: what was expected`.
struct YAMLCursor {
    let node: Node
    let file: String
    /// The path is spelled out only when an error needs it: eagerly, it cost a string per node read.
    private let location: Location

    private indirect enum Location {
        case root(String)
        case key(Location, String)
        case index(Location, Int)

        var text: String {
            switch self {
            case .root(let path): return path
            case .key(let parent, let key):
                let prefix = parent.text
                return prefix.isEmpty ? key : "\(prefix).\(key)"
            case .index(let parent, let index): return "\(parent.text)[\(index)]"
            }
        }
    }

    init(node: Node, path: String, file: String) {
        self.node = node
        self.file = file
        location = .root(path)
    }

    private init(node: Node, file: String, location: Location) {
        self.node = node
        self.file = file
        self.location = location
    }

    var path: String { location.text }

    func child(_ node: Node, key: String) -> YAMLCursor { YAMLCursor(node: node, file: file, location: .key(location, key)) }
    func child(_ node: Node, index: Int) -> YAMLCursor { YAMLCursor(node: node, file: file, location: .index(location, index)) }

    static func parse(_ text: String, file: String) throws(FormatError) -> YAMLCursor {
        if let alias = YAMLAliasScan.firstAlias(in: text) {
            throw FormatError(file: file, line: alias.line, column: alias.column,
                              message: "YAML aliases (*name) are not accepted: write the value out in full "
                                + "(an alias can make a small file expand without bound)")
        }
        let root: Node?
        do {
            // Resolver.basic: no regex tag rules. Yams resolves a scalar's tag with up to seven
            // regular expressions, at compose time and again each time a key is hashed for its
            // duplicate check: most of the time of reading a 10,000-service config. Scalars are
            // typed here instead, when a reader asks for a number, a bool or a string.
            root = try Yams.compose(yaml: text, Resolver.basic)
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

    /// A plain `~`, `null` or empty value (YAML's null), or JSON's null.
    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    private var kind: String {
        switch node {
        case .scalar(let scalar): return isNull ? "null" : "a scalar '\(scalar.string)'"
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
            let child = child(value, key: key)
            guard allowed.contains(key) else {
                let hint = Suggest.hint(key, in: allowed)
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
            entries.append((key, child(value, key: key)))
        }
        return YAMLMapping(cursor: self, entries: entries)
    }

    var isMapping: Bool {
        if case .mapping = node { return true }
        return false
    }

    func list() throws(FormatError) -> [YAMLCursor] {
        guard case .sequence(let sequence) = node else { throw error("expected a list, found \(kind)") }
        return sequence.enumerated().map { child($1, index: $0) }
    }

    func string() throws(FormatError) -> String {
        guard case .scalar(let scalar) = node, !isNull else {
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
        guard case .scalar(let scalar) = node, let value = Double(Self.withoutUnderscores(scalar.string)),
              value.isFinite else {
            throw error("expected a number, found \(kind)")
        }
        return value
    }

    func int() throws(FormatError) -> Int {
        guard case .scalar(let scalar) = node, let value = Int(Self.withoutUnderscores(scalar.string)) else {
            throw error("expected a whole number, found \(kind)")
        }
        return value
    }

    /// YAML allows `1_000`; checking first avoids a Foundation call per number read.
    static func withoutUnderscores(_ text: String) -> String {
        text.utf8.contains(UInt8(ascii: "_")) ? text.replacingOccurrences(of: "_", with: "") : text
    }

    func bool() throws(FormatError) -> Bool {
        guard case .scalar(let scalar) = node else { throw error("expected true or false, found \(kind)") }
        switch scalar.string {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw error("expected true or false, found \(kind)")
        }
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
            // libyaml stops where it noticed the problem; the construct it was in (an unclosed `[`)
            // may have opened lines earlier, and that is where the user must look.
            var opened = ""
            if let context, context.mark.line != mark.line || context.mark.column != mark.column {
                opened = " (opened at line \(context.mark.line), column \(context.mark.column))"
            }
            self.init(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(prefix)\(problem)\(opened)")
        case let .duplicatedKeysInMapping(duplicates, context):
            self.init(file: file, line: context.mark.line, column: context.mark.column,
                      message: "duplicate keys: \(duplicates.joined(separator: ", "))")
        default:
            self.init(file: file, message: "invalid YAML: \(yamlError)")
        }
    }
}
