import Foundation
import AdvisorCore

/// Reads a YAML (or JSON) document with the position of every value, so errors can say
/// `file:line:column: field: what was expected`. Scalars are typed here, when a reader asks for a
/// number, a bool or a string, not by tag-resolution rules at parse time.
struct YAMLCursor {
    let document: YAMLDocument
    let index: Int32

    var file: String { document.file }
    /// The path is spelled out only when an error needs it: eagerly, it cost a string per node read.
    var path: String { document.path(of: index) }

    private var node: YAMLDocument.Node { document.node(index) }

    static func parse(_ text: String, file: String) throws(FormatError) -> YAMLCursor {
        let document = try YAMLDocument.parse(text, file: file)
        guard let root = document.root else { throw FormatError(file: file, line: 1, message: "is empty; expected a YAML document") }
        return YAMLCursor(document: document, index: root)
    }

    var line: Int? { Int(node.line) }
    var column: Int? { Int(node.column) }

    var isScalar: Bool { node.kind == .scalar }
    var isSequence: Bool { node.kind == .sequence }
    /// The node's explicit tag (`!Ref`), nil for most.
    var tag: String? { document.tag(index) }
    /// A scalar's text as written (quotes and block indentation removed); nil for a list or mapping.
    var scalarText: String? { isScalar ? document.scalar(index) : nil }
    var scalarStyle: YAMLDocument.Style { node.style }

    func error(_ message: String) -> FormatError {
        FormatError(file: file, line: line, column: column, field: path.isEmpty ? nil : path, message: message)
    }

    /// A plain `~`, `null` or empty value (YAML's null), or JSON's null.
    var isNull: Bool {
        guard node.kind == .scalar, node.style == .plain else { return false }
        switch document.scalar(index) {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    private var kind: String {
        switch node.kind {
        case .scalar: return isNull ? "null" : "a scalar '\(document.scalar(index))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    func mapping(keys allowed: [String]) throws(FormatError) -> YAMLMapping {
        let mapping = try lenientMapping(expected: "a mapping")
        for (keyIndex, valueIndex) in mapping.pairs {
            guard document.node(keyIndex).kind == .scalar else { throw error("expected string keys") }
            let key = document.scalar(keyIndex)
            guard allowed.contains(key) else {
                let keyNode = document.node(keyIndex)
                let hint = Suggest.hint(key, in: allowed)
                throw FormatError(
                    file: file, line: Int(keyNode.line), column: Int(keyNode.column),
                    field: YAMLCursor(document: document, index: valueIndex).path,
                    message: "unknown key '\(key)'\(hint); expected one of \(allowed.joined(separator: ", "))")
            }
        }
        return mapping
    }

    /// A mapping whose unknown keys are ignored (other tools' output, which may grow new fields).
    func lenientMapping() throws(FormatError) -> YAMLMapping {
        try lenientMapping(expected: "an object")
    }

    private func lenientMapping(expected: String) throws(FormatError) -> YAMLMapping {
        guard node.kind == .mapping else { throw error("expected \(expected), found \(kind)") }
        return YAMLMapping(cursor: self, children: document.children(of: index))
    }

    var isMapping: Bool { node.kind == .mapping }

    func list() throws(FormatError) -> [YAMLCursor] {
        guard node.kind == .sequence else { throw error("expected a list, found \(kind)") }
        return document.children(of: index).map { YAMLCursor(document: document, index: $0) }
    }

    func string() throws(FormatError) -> String {
        guard node.kind == .scalar, !isNull else {
            throw error("expected a string, found \(kind)")
        }
        return document.scalar(index)
    }

    func strings() throws(FormatError) -> [String] {
        var result: [String] = []
        for item in try list() { result.append(try item.string()) }
        return result
    }

    func double() throws(FormatError) -> Double {
        guard let text = scalarText, let value = Double(Self.withoutUnderscores(text)),
            value.isFinite
        else {
            throw error("expected a number, found \(kind)")
        }
        return value
    }

    func int() throws(FormatError) -> Int {
        guard let text = scalarText, let value = Int(Self.withoutUnderscores(text)) else {
            throw error("expected a whole number, found \(kind)")
        }
        return value
    }

    /// YAML allows `1_000`; checking first avoids a Foundation call per number read.
    static func withoutUnderscores(_ text: String) -> String {
        text.utf8.contains(UInt8(ascii: "_")) ? text.replacingOccurrences(of: "_", with: "") : text
    }

    func bool() throws(FormatError) -> Bool {
        guard let text = scalarText else { throw error("expected true or false, found \(kind)") }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw error("expected true or false, found \(kind)")
        }
    }
}

/// A mapping's entries, read in place: lookups compare keys in the document, without building a dictionary per mapping.
struct YAMLMapping {
    let cursor: YAMLCursor
    let children: ArraySlice<Int32>

    /// (key, value) node indices, in document order.
    var pairs: some Sequence<(Int32, Int32)> {
        stride(from: children.startIndex, to: children.endIndex, by: 2).lazy.map { (children[$0], children[$0 + 1]) }
    }

    /// String-keyed entries in document order (other keys are skipped).
    var entries: [(String, YAMLCursor)] {
        let document = cursor.document
        return pairs.compactMap { key, value in
            document.node(key).kind == .scalar ? (document.scalar(key), YAMLCursor(document: document, index: value)) : nil
        }
    }

    /// String-keyed entries in document order, without building the array `entries` returns.
    func forEachEntry(_ body: (String, YAMLCursor) throws(FormatError) -> Void) throws(FormatError) {
        let document = cursor.document
        for (key, value) in pairs where document.node(key).kind == .scalar {
            try body(document.scalar(key), YAMLCursor(document: document, index: value))
        }
    }

    func optional(_ key: String) -> YAMLCursor? {
        let document = cursor.document
        for (keyIndex, valueIndex) in pairs where document.node(keyIndex).kind == .scalar && document.scalar(keyIndex) == key {
            return YAMLCursor(document: document, index: valueIndex)
        }
        return nil
    }

    func required(_ key: String) throws(FormatError) -> YAMLCursor {
        guard let value = optional(key) else { throw cursor.error("missing required key '\(key)'") }
        return value
    }
}
