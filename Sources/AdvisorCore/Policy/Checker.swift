extension Policy {
    /// Type-checks an expression against the fields a rule can see, before anything is evaluated:
    /// unknown fields and functions, wrong argument counts and kinds are errors with their position.
    public enum Checker {
        public static func check(_ expression: Expression, roots: [String: ValueType]) throws(ExpressionError) -> ValueType {
            switch expression {
            case .literal(let value, _):
                switch value {
                case .bool: return .bool
                case .number: return .number
                case .string: return .string
                default: return .any
                }
            case .list(let items, _):
                var element: ValueType = .any
                for item in items {
                    let type = try check(item, roots: roots)
                    if element == .any {
                        element = type
                    } else if !element.accepts(type) {
                        throw ExpressionError(span: item.span, message: "a list mixes \(element) and \(type)")
                    }
                }
                return .list(element)
            case .path(let path, let span):
                guard let head = path.first, !path.contains(where: \.isEmpty) else {
                    throw ExpressionError(
                        span: span, message: "expected a field path such as service.region; got '\(path.joined(separator: "."))'")
                }
                guard var type = roots[head] else {
                    throw ExpressionError(
                        span: span,
                        message: "unknown name '\(head)'; expected one of "
                            + roots.keys.sorted().joined(separator: ", ") + suggestion(head, roots.keys))
                }
                for (index, field) in path.enumerated().dropFirst() {
                    guard case .object(let fields) = type else {
                        throw ExpressionError(
                            span: span, message: "\(path[..<index].joined(separator: ".")) is a \(type), it has no field '\(field)'")
                    }
                    guard let next = fields[field] else {
                        throw ExpressionError(
                            span: span,
                            message: "unknown field '\(field)' of \(path[..<index].joined(separator: "."))"
                                + suggestion(field, fields.keys) + "; known: " + fields.keys.sorted().joined(separator: ", "))
                    }
                    type = next
                }
                return type
            case .call(let name, let arguments, let span):
                guard let function = Functions.table[name] else {
                    throw ExpressionError(span: span, message: "unknown function '\(name)'" + suggestion(name, Functions.table.keys))
                }
                let required = function.parameters.count - function.optional
                guard arguments.count >= required, arguments.count <= function.parameters.count else {
                    throw ExpressionError(
                        span: span,
                        message:
                            "\(name) takes \(required == function.parameters.count ? "\(required)" : "\(required) to \(function.parameters.count)") "
                            + "argument\(function.parameters.count == 1 ? "" : "s"), given \(arguments.count)")
                }
                var argumentTypes: [ValueType] = []
                for (argument, expected) in zip(arguments, function.parameters) {
                    let type = try check(argument, roots: roots)
                    guard expected.accepts(type) else {
                        throw ExpressionError(span: argument.span, message: "\(name) expects a \(expected) here, found a \(type)")
                    }
                    argumentTypes.append(type)
                }
                if name == "default" { return argumentTypes[0] == .any ? argumentTypes[1] : argumentTypes[0] }
                return function.result
            case .unary(let operation, let operand, let span):
                let type = try check(operand, roots: roots)
                let expected: ValueType = operation == "!" ? .bool : .number
                guard expected.accepts(type) else {
                    throw ExpressionError(span: span, message: "'\(operation)' needs a \(expected), found a \(type)")
                }
                return expected
            case .binary(let operation, let left, let right, let span):
                let a = try check(left, roots: roots), b = try check(right, roots: roots)
                func require(_ type: ValueType, _ side: ValueType, _ at: Expression) throws(ExpressionError) {
                    guard type.accepts(side) else {
                        throw ExpressionError(span: at.span, message: "'\(operation)' needs a \(type), found a \(side)")
                    }
                }
                switch operation {
                case "&&", "||":
                    try require(.bool, a, left)
                    try require(.bool, b, right)
                    return .bool
                case "==", "!=":
                    guard a.accepts(b) else { throw ExpressionError(span: span, message: "cannot compare a \(a) with a \(b)") }
                    return .bool
                case "<", "<=", ">", ">=":
                    guard a.accepts(b), [.number, .string, .any].contains(a), [.number, .string, .any].contains(b) else {
                        throw ExpressionError(span: span, message: "'\(operation)' compares numbers or strings, found \(a) and \(b)")
                    }
                    return .bool
                case "in":
                    guard case .list(let element) = b == .any ? .list(.any) : b else {
                        throw ExpressionError(span: right.span, message: "'in' needs a list on its right, found a \(b)")
                    }
                    guard element.accepts(a) else {
                        throw ExpressionError(span: span, message: "'in' looks for a \(a) in a list of \(element)")
                    }
                    return .bool
                case "+":
                    if a == .string || b == .string {
                        try require(.string, a, left)
                        try require(.string, b, right)
                        return .string
                    }
                    try require(.number, a, left)
                    try require(.number, b, right)
                    return .number
                default:
                    try require(.number, a, left)
                    try require(.number, b, right)
                    return .number
                }
            case .conditional(let condition, let then, let otherwise, let span):
                guard ValueType.bool.accepts(try check(condition, roots: roots)) else {
                    throw ExpressionError(span: condition.span, message: "the condition of '?:' must be a bool")
                }
                let a = try check(then, roots: roots), b = try check(otherwise, roots: roots)
                guard a.accepts(b) else { throw ExpressionError(span: span, message: "'?:' branches are a \(a) and a \(b)") }
                return a == .any ? b : a
            }
        }

        static func suggestion(_ name: String, _ candidates: some Collection<String>) -> String {
            Suggest.hint(name, in: Array(candidates))
        }
    }
}
