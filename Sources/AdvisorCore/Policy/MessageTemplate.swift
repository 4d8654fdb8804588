/// `text {expression} text`: a message whose placeholders are checked like conditions.
public struct MessageTemplate: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case text(String)
        case expression(Policy.Expression, offset: Int)
    }

    public var parts: [Part]
    public var source: String

    /// Parses `{…}` placeholders; `{{` and `}}` stand for braces.
    public static func parse(_ source: String) throws(Policy.ExpressionError) -> MessageTemplate {
        var parts: [Part] = []
        var text = ""
        let characters = Array(source.utf8)
        var index = 0
        while index < characters.count {
            let byte = characters[index]
            if byte == UInt8(ascii: "{"), index + 1 < characters.count, characters[index + 1] == UInt8(ascii: "{") {
                text += "{"; index += 2; continue
            }
            if byte == UInt8(ascii: "}"), index + 1 < characters.count, characters[index + 1] == UInt8(ascii: "}") {
                text += "}"; index += 2; continue
            }
            if byte == UInt8(ascii: "{") {
                guard let close = characters[(index + 1)...].firstIndex(of: UInt8(ascii: "}")) else {
                    throw Policy.ExpressionError(
                        span: Policy.SourceSpan(offset: index, length: 1), message: "'{' is not closed in the message")
                }
                if !text.isEmpty { parts.append(.text(text)); text = "" }
                let inner = String(decoding: characters[(index + 1)..<close], as: UTF8.self)
                do {
                    parts.append(.expression(try Policy.Parser.parse(inner), offset: index + 1))
                } catch {
                    throw Policy.ExpressionError(
                        span: Policy.SourceSpan(offset: index + 1 + error.span.offset, length: error.span.length),
                        message: error.message)
                }
                index = close + 1
                continue
            }
            text += String(decoding: [byte], as: UTF8.self)
            index += 1
        }
        if !text.isEmpty { parts.append(.text(text)) }
        return MessageTemplate(parts: parts, source: source)
    }

    public func render(_ bindings: [String: Policy.Value], _ environment: PolicyEnvironment) -> String {
        let roots = Array(bindings.keys)
        return compiled(roots: roots).render(roots.map { bindings[$0] ?? .null }, environment)
    }

    /// For rendering many times (a rule's message for every finding): placeholders compiled once,
    /// against values given in the order `roots` names them.
    public func compiled(roots: [String]) -> Compiled {
        Compiled(
            parts: parts.map { part in
                switch part {
                case .text(let text): return .text(text)
                case .expression(let expression, _): return .expression(Policy.CompiledExpression(expression, roots: roots))
                }
            })
    }

    public struct Compiled: Sendable {
        enum Part: Sendable {
            case text(String)
            case expression(Policy.CompiledExpression)
        }

        let parts: [Part]

        public func render(_ bindings: [Policy.Value], _ environment: PolicyEnvironment) -> String {
            parts.map { part in
                switch part {
                case .text(let text): return text
                case .expression(let expression):
                    let value = expression.evaluate(bindings, environment)
                    return value == .null ? "(not given)" : value.description
                }
            }.joined()
        }
    }
}
