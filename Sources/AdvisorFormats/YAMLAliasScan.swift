/// Finds the first YAML alias (`*name`) in a document before it is composed.
///
/// advisor's YAML formats (advisor.yaml, rule files, catalogue YAML) have no use for anchors and
/// aliases, and aliases are how a 400-byte file expands to billions of nodes: Yams hashes every
/// mapping key while composing, so an alias bomb used as a key never returns. Aliases are therefore
/// refused before Yams sees the text. This is a small lexer of YAML's node starts: it knows quoted
/// scalars, comments, flow collections and block scalars, so a `*` inside a string is not an alias.
/// (libyaml already bounds nesting depth, at 1,000 levels.)
enum YAMLAliasScan {
    struct Position: Equatable {
        var line: Int
        var column: Int
    }

    static func firstAlias(in text: String) -> Position? {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "*")) else { return nil }
        var scanner = Scanner(bytes: bytes)
        return scanner.run()
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var line = 1
        var lineStart = 0
        var flowDepth = 0
        var nodeStart = true
        /// Indentation of the line that opened a block scalar (`|` or `>`): deeper lines are its text.
        var blockScalarParent: Int?

        init(bytes: [UInt8]) { self.bytes = bytes }

        func byte(at offset: Int) -> UInt8? { offset < bytes.count ? bytes[offset] : nil }
        func isBlank(_ byte: UInt8?) -> Bool { byte == nil || byte == 32 || byte == 9 || byte == 10 || byte == 13 }
        func isFlowIndicator(_ byte: UInt8?) -> Bool {
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
                || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
        }

        mutating func newLine() {
            line += 1
            lineStart = index
            if flowDepth == 0 { nodeStart = true }
        }

        /// At the start of a line: skips block-scalar text, returns the indentation.
        mutating func startLine() -> Int {
            var indent = 0
            while byte(at: index + indent) == 32 { indent += 1 }
            if let parent = blockScalarParent {
                let next = byte(at: index + indent)
                if next == nil || next == 10 || next == 13 || indent > parent {
                    // Block scalar text (or a blank line inside it): skip the whole line.
                    while let b = byte(at: index), b != 10 { index += 1 }
                    return -1
                }
                blockScalarParent = nil
            }
            index += indent
            return indent
        }

        mutating func run() -> Position? {
            var indent = startLine()
            while index < bytes.count {
                let b = bytes[index]
                if b == 10 {
                    index += 1
                    newLine()
                    indent = startLine()
                    continue
                }
                if indent < 0 { index += 1; continue }
                if b == 32 || b == 9 || b == 13 { index += 1; continue }
                if b == UInt8(ascii: "#"), index == lineStart || isBlank(byte(at: index - 1)) {
                    while let c = byte(at: index), c != 10 { index += 1 }
                    continue
                }
                if nodeStart {
                    switch b {
                    case UInt8(ascii: "*"):
                        return Position(line: line, column: index - lineStart + 1)
                    case UInt8(ascii: "&"), UInt8(ascii: "!"):
                        // An anchor or a tag comes before its node: skip it, still at the node's start.
                        while !isBlank(byte(at: index)), !(flowDepth > 0 && isFlowIndicator(byte(at: index))) { index += 1 }
                        continue
                    case UInt8(ascii: "-"), UInt8(ascii: "?"):
                        if isBlank(byte(at: index + 1)) { index += 1; continue }
                    case UInt8(ascii: "\""), UInt8(ascii: "'"):
                        skipQuoted(b)
                        nodeStart = false
                        continue
                    case UInt8(ascii: "|"), UInt8(ascii: ">"):
                        if flowDepth == 0 {
                            blockScalarParent = indent
                            while let c = byte(at: index), c != 10 { index += 1 }
                            continue
                        }
                    case UInt8(ascii: "["), UInt8(ascii: "{"):
                        flowDepth += 1
                        index += 1
                        continue
                    case UInt8(ascii: "]"), UInt8(ascii: "}"):
                        flowDepth = max(0, flowDepth - 1)
                        index += 1
                        nodeStart = false
                        continue
                    default:
                        break
                    }
                    nodeStart = false
                }
                // Inside a plain scalar, or after a node: look for what starts the next one.
                switch b {
                case UInt8(ascii: ":"):
                    if isBlank(byte(at: index + 1)) || (flowDepth > 0 && isFlowIndicator(byte(at: index + 1))) { nodeStart = true }
                case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "{"):
                    if flowDepth > 0 {
                        if b != UInt8(ascii: ",") { flowDepth += 1 }
                        nodeStart = true
                    }
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if flowDepth > 0 { flowDepth -= 1 }
                default:
                    break
                }
                index += 1
            }
            return nil
        }

        /// Skips a quoted scalar, which may span lines: `\` escapes in double quotes, `''` in single.
        mutating func skipQuoted(_ quote: UInt8) {
            index += 1
            while index < bytes.count {
                let b = bytes[index]
                if b == 10 {
                    index += 1
                    line += 1
                    lineStart = index
                    continue
                }
                if quote == UInt8(ascii: "\""), b == UInt8(ascii: "\\") { index += 2; continue }
                if b == quote {
                    if quote == UInt8(ascii: "'"), byte(at: index + 1) == quote { index += 2; continue }
                    index += 1
                    return
                }
                index += 1
            }
        }
    }
}
