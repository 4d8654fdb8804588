extension Policy {
    /// A parsed policy expression. Familiar to readers of CEL or Rego one-liners:
    /// `callable(service.model, service.region) && service.client.backoff.jitter != 'none'`.
    public indirect enum Expression: Sendable, Equatable {
        case literal(Value, SourceSpan)
        case list([Expression], SourceSpan)
        /// A field path from a root: `service.client.backoff.jitter`.
        case path([String], SourceSpan)
        case call(String, [Expression], SourceSpan)
        case unary(String, Expression, SourceSpan)
        case binary(String, Expression, Expression, SourceSpan)
        /// `condition ? then : else`
        case conditional(Expression, Expression, Expression, SourceSpan)

        public var span: SourceSpan {
            switch self {
            case .literal(_, let span), .list(_, let span), .path(_, let span), .call(_, _, let span),
                .unary(_, _, let span), .binary(_, _, _, let span), .conditional(_, _, _, let span):
                return span
            }
        }

        /// Every field path the expression reads.
        public var paths: [[String]] {
            switch self {
            case .literal: return []
            case .path(let path, _): return [path]
            case .list(let items, _), .call(_, let items, _): return items.flatMap(\.paths)
            case .unary(_, let operand, _): return operand.paths
            case .binary(_, let left, let right, _): return left.paths + right.paths
            case .conditional(let a, let b, let c, _): return a.paths + b.paths + c.paths
            }
        }
    }

    /// A Pratt parser. Precedence, loosest first: `?:`, `||`, `&&`, `==` `!=`, `<` `<=` `>` `>=` `in`,
    /// `+` `-`, `*` `/` `%`, unary `!` `-`.
    public struct Parser {
        /// Evaluation recurses over the tree, so the tree's depth is bounded here, where an error can
        /// still point at the text: at most this many tokens (a chain `a + b + …` nests one level per
        /// operator) and this many nested brackets, calls and operands.
        public static let maximumTokens = 1_000
        public static let maximumNesting = 64

        private var tokens: [Lexed]
        private var position = 0
        private var nesting = 0

        public static func parse(_ text: String) throws(ExpressionError) -> Expression {
            let tokens = try Lexer.tokens(text)
            if tokens.count > maximumTokens {
                throw ExpressionError(
                    span: tokens[maximumTokens].span,
                    message: "the expression is longer than \(maximumTokens) tokens; split the rule")
            }
            var parser = Parser(tokens: tokens)
            let expression = try parser.expression(0)
            guard case .end = parser.current.token else {
                throw ExpressionError(
                    span: parser.current.span, message: "unexpected \(parser.describe(parser.current.token)) after the expression")
            }
            return expression
        }

        private init(tokens: [Lexed]) { self.tokens = tokens }

        private var current: Lexed { tokens[position] }

        private func describe(_ token: Token) -> String {
            switch token {
            case .number(let value): return "number \(Value.number(value))"
            case .string(let value): return "string '\(value)'"
            case .identifier(let name): return "'\(name)'"
            case .symbol(let symbol): return "'\(symbol)'"
            case .end: return "end of expression"
            }
        }

        private mutating func advance() -> Lexed {
            defer { position += 1 }
            return tokens[position]
        }

        private mutating func expect(_ symbol: String) throws(ExpressionError) {
            guard current.token == .symbol(symbol) else {
                throw ExpressionError(span: current.span, message: "expected '\(symbol)', found \(describe(current.token))")
            }
            position += 1
        }

        static func precedence(_ token: Token) -> Int? {
            switch token {
            case .symbol("?"): return 1
            case .symbol("||"): return 2
            case .symbol("&&"): return 3
            case .symbol("=="), .symbol("!="): return 4
            case .symbol("<"), .symbol("<="), .symbol(">"), .symbol(">="), .identifier("in"): return 5
            case .symbol("+"), .symbol("-"): return 6
            case .symbol("*"), .symbol("/"), .symbol("%"): return 7
            default: return nil
            }
        }

        private mutating func expression(_ minimum: Int) throws(ExpressionError) -> Expression {
            nesting += 1
            defer { nesting -= 1 }
            if nesting > Self.maximumNesting {
                throw ExpressionError(span: current.span, message: "the expression nests deeper than \(Self.maximumNesting) levels")
            }
            var left = try prefix()
            while let precedence = Self.precedence(current.token), precedence > minimum {
                let operation = advance()
                let name: String
                switch operation.token {
                case .symbol(let symbol): name = symbol
                case .identifier(let word): name = word
                default: name = ""
                }
                if name == "?" {
                    let then = try expression(0)
                    try expect(":")
                    let otherwise = try expression(precedence - 1)
                    left = .conditional(left, then, otherwise, join(left.span, otherwise.span))
                    continue
                }
                let right = try expression(precedence)
                left = .binary(name, left, right, join(left.span, right.span))
            }
            return left
        }

        private func join(_ a: SourceSpan, _ b: SourceSpan) -> SourceSpan {
            SourceSpan(offset: a.offset, length: max(a.length, b.offset + b.length - a.offset))
        }

        private mutating func prefix() throws(ExpressionError) -> Expression {
            let token = advance()
            switch token.token {
            case .number(let value): return .literal(.number(value), token.span)
            case .string(let value): return .literal(.string(value), token.span)
            case .symbol("!"), .symbol("-"):
                let operand = try expression(7)
                guard case .symbol(let symbol) = token.token else { preconditionFailure() }
                return .unary(symbol, operand, join(token.span, operand.span))
            case .symbol("("):
                let inner = try expression(0)
                try expect(")")
                return inner
            case .symbol("["):
                var items: [Expression] = []
                if current.token != .symbol("]") {
                    repeat { items.append(try expression(0)) } while try consumeComma()
                }
                let close = current.span
                try expect("]")
                return .list(items, join(token.span, close))
            case .identifier("true"): return .literal(.bool(true), token.span)
            case .identifier("false"): return .literal(.bool(false), token.span)
            case .identifier("null"): return .literal(.null, token.span)
            case .identifier(let name):
                if current.token == .symbol("(") {
                    position += 1
                    var arguments: [Expression] = []
                    if current.token != .symbol(")") {
                        repeat { arguments.append(try expression(0)) } while try consumeComma()
                    }
                    let close = current.span
                    try expect(")")
                    return .call(name, arguments, join(token.span, close))
                }
                var path = [name]
                var span = token.span
                while current.token == .symbol(".") {
                    position += 1
                    let field = advance()
                    guard case .identifier(let fieldName) = field.token else {
                        throw ExpressionError(span: field.span, message: "expected a field name after '.', found \(describe(field.token))")
                    }
                    path.append(fieldName)
                    span = join(span, field.span)
                }
                return .path(path, span)
            default:
                throw ExpressionError(span: token.span, message: "expected a value, found \(describe(token.token))")
            }
        }

        private mutating func consumeComma() throws(ExpressionError) -> Bool {
            guard current.token == .symbol(",") else { return false }
            position += 1
            return true
        }
    }
}
