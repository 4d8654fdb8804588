// libyaml, owned in Vendor/libyaml (the CLibYAML target): the parser only, no Swift layer over it.
internal import CLibYAML
import AdvisorCore

/// One YAML (or JSON) document, composed straight from libyaml's events into three flat arrays.
///
/// Yams's `Node` tree costs a `Tag` object, an enum box and a retained array per node, and hashes
/// every mapping key for its duplicate check: reading a 10,000-service advisor.yaml through it took
/// about 0.6 s. Here a node is a 24-byte record; a container's children sit contiguously in one
/// array; scalars are typed only when a reader asks (see YAMLCursor). Composition also refuses what
/// advisor's formats never use and an attacker would: aliases (`*name`, how a small file expands
/// without bound), more than one document, and duplicate keys.
final class YAMLDocument: Sendable {
    enum Kind: UInt8 { case scalar, sequence, mapping }
    enum Style: UInt8 { case plain, singleQuoted, doubleQuoted, literal, folded }

    struct Node {
        var kind: Kind
        var style: Style
        /// 1-based, as editors count.
        var line: Int32
        var column: Int32
        /// The container holding this node; -1 for the root.
        var parent: Int32
        /// A scalar's index in `scalars`; a container's first child in `children`.
        var first: Int32
        /// A container's children; a mapping's keys and values alternate, so it is twice its pairs.
        var count: Int32
    }

    // Immutable once composed (`let`, not `private(set) var`): a class's `var` is checked for
    // exclusive access at run time on every read, and the readers read every node.
    let file: String
    let nodes: [Node]
    let scalars: [String]
    let children: [Int32]
    /// The root node's index; nil for a stream with no document (empty, or only comments).
    let root: Int32?
    /// Explicit tags by node (`!Ref`, `!Sub`: CloudFormation's short-form intrinsics); most
    /// documents have none, so they are kept apart from the nodes.
    let tags: [Int32: String]

    private init(file: String, _ tree: Tree) {
        self.file = file
        nodes = tree.nodes
        scalars = tree.scalars
        children = tree.children
        root = tree.root
        tags = tree.tags
    }

    func tag(_ index: Int32) -> String? { tags[index] }

    static func parse(_ text: String, file: String) throws(FormatError) -> YAMLDocument {
        var text = text
        let composed: Result<Tree, FormatError> = text.withUTF8 { bytes in
            do throws(FormatError) {
                return .success(try compose(bytes, file: file))
            } catch {
                return .failure(error)
            }
        }
        let document = YAMLDocument(file: file, try composed.get())
        // Checked once the tree is whole, so the error's path can name every ancestor.
        for index in document.nodes.indices where document.nodes[index].kind == .mapping {
            try document.checkDuplicateKeys(Int32(index))
        }
        return document
    }

    func node(_ index: Int32) -> Node { nodes[Int(index)] }
    func scalar(_ index: Int32) -> String { scalars[Int(nodes[Int(index)].first)] }

    /// The children of a container, in document order.
    func children(of index: Int32) -> ArraySlice<Int32> {
        let node = nodes[Int(index)]
        guard node.kind != .scalar else { return [] }
        return children[Int(node.first)..<Int(node.first + node.count)]
    }

    /// `services[3].client.max_attempts`: spelled out only when an error needs it, from the parents.
    func path(of index: Int32) -> String {
        var segments: [String] = []
        var current = index
        while true {
            let parent = nodes[Int(current)].parent
            guard parent >= 0 else { break }
            let siblings = children(of: parent)
            let position = (siblings.firstIndex(of: current) ?? siblings.startIndex) - siblings.startIndex
            if nodes[Int(parent)].kind == .mapping {
                let key = siblings[siblings.startIndex + (position & ~1)]
                segments.append(nodes[Int(key)].kind == .scalar ? scalar(key) : "?")
            } else {
                segments.append("[\(position)]")
            }
            current = parent
        }
        var path = ""
        for segment in segments.reversed() {
            if segment.hasPrefix("[") || path.isEmpty { path += segment } else { path += "." + segment }
        }
        return path
    }

    // MARK: Composition

    /// libyaml's bound on nesting (MAX_NESTING_LEVEL in Yams's vendored parser.c), which keeps a deep
    /// input from exhausting the stack.
    static let maximumNesting = 1_000

    private struct Tree {
        var nodes: [Node] = []
        var scalars: [String] = []
        var children: [Int32] = []
        var root: Int32?
        var tags: [Int32: String] = [:]

        mutating func append(_ node: Node) -> Int32 {
            nodes.append(node)
            return Int32(nodes.count - 1)
        }
    }

    private static func compose(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws(FormatError) -> Tree {
        var tree = Tree()
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw FormatError(file: file, message: "cannot be parsed: out of memory")
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)

        // Children of the containers still open, in order; each open container remembers where its own begin.
        var pending: [Int32] = []
        var open: [(node: Int32, start: Int)] = []
        var documents = 0
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { throw parserError(parser, bytes, file: file) }
            defer { yaml_event_delete(&event) }
            let line = Int32(clamping: event.start_mark.line + 1)
            let column = Int32(clamping: event.start_mark.column + 1)
            let parent = open.last?.node ?? -1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return tree
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                guard documents == 1 else {
                    throw FormatError(
                        file: file, line: Int(line), column: Int(column),
                        message: "invalid YAML: expected a single document, found another")
                }
            case YAML_ALIAS_EVENT:
                throw FormatError(
                    file: file, line: Int(line), column: Int(column),
                    message: "YAML aliases (*name) are not accepted: write the value out in full "
                        + "(an alias can make a small file expand without bound)")
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                let index = tree.append(
                    Node(
                        kind: .scalar, style: Self.style(scalar.style), line: line, column: column,
                        parent: parent, first: Int32(tree.scalars.count), count: 0))
                tree.scalars.append(value)
                if let tag = scalar.tag { tree.tags[index] = String(cString: tag) }
                if open.isEmpty { tree.root = index } else { pending.append(index) }
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let kind: Kind = event.type == YAML_MAPPING_START_EVENT ? .mapping : .sequence
                let index = tree.append(Node(kind: kind, style: .plain, line: line, column: column, parent: parent, first: 0, count: 0))
                let tag = kind == .mapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
                if let tag { tree.tags[index] = String(cString: tag) }
                if open.isEmpty { tree.root = index } else { pending.append(index) }
                open.append((index, pending.count))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let (index, start) = open.removeLast()
                tree.nodes[Int(index)].first = Int32(tree.children.count)
                tree.nodes[Int(index)].count = Int32(pending.count - start)
                tree.children.append(contentsOf: pending[start...])
                pending.removeSubrange(start...)
            default:
                continue  // stream start, document end
            }
        }
    }

    private static func style(_ style: yaml_scalar_style_t) -> Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    /// A key given twice would leave one of its values silently unread.
    private func checkDuplicateKeys(_ mapping: Int32) throws(FormatError) {
        let entries = children(of: mapping)
        guard entries.count > 2 else { return }
        let keys = stride(from: entries.startIndex, to: entries.endIndex, by: 2).map { entries[$0] }
            .filter { nodes[Int($0)].kind == .scalar }
        // Most mappings have a handful of keys: comparing them pairwise beats hashing them.
        var seen: [String: Int32] = [:]
        for (position, key) in keys.enumerated() {
            let text = scalar(key)
            let first: Int32?
            if keys.count <= 16 {
                first = keys[..<position].first { scalar($0) == text }
            } else {
                first = seen[text]
                seen[text] = seen[text] ?? key
            }
            guard let first else { continue }
            let node = nodes[Int(key)]
            let parentPath = path(of: mapping)
            throw FormatError(
                file: file, line: Int(node.line), column: Int(node.column),
                field: parentPath.isEmpty ? text : parentPath + "." + text,
                message: "duplicate key '\(Sanitize.excerpt(text))' (first on line \(nodes[Int(first)].line))")
        }
    }

    /// libyaml stops where it noticed the problem; the construct it was in (an unclosed `[`) may
    /// have opened lines earlier, and that is where the user must look.
    private static func parserError(_ parser: yaml_parser_t, _ bytes: UnsafeBufferPointer<UInt8>, file: String) -> FormatError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return FormatError(file: file, message: "cannot be parsed: out of memory")
        case YAML_READER_ERROR:
            // The reader reports a byte offset, not a mark.
            let offset = min(parser.problem_offset, bytes.count)
            let before = UnsafeBufferPointer(rebasing: bytes[..<offset])
            let line = before.reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
            let lineStart = before.lastIndex(of: 10).map { $0 + 1 } ?? 0
            return FormatError(file: file, line: line, column: offset - lineStart + 1, message: "invalid YAML: \(problem)")
        default:
            let line = parser.problem_mark.line + 1, column = parser.problem_mark.column + 1
            // libyaml's own words for its depth bound name a C function the user cannot call.
            if problem.hasPrefix("Maximum nesting level reached") {
                return FormatError(
                    file: file, line: line, column: column,
                    message: "invalid YAML: nested more than \(Self.maximumNesting) levels deep")
            }
            var message = "invalid YAML: "
            if let context = parser.context {
                message += String(cString: context) + " "
            }
            message += problem
            let contextLine = parser.context_mark.line + 1, contextColumn = parser.context_mark.column + 1
            if parser.context != nil, contextLine != line || contextColumn != column {
                message += " (opened at line \(contextLine), column \(contextColumn))"
            }
            return FormatError(file: file, line: line, column: column, message: message)
        }
    }
}
