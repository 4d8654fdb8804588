extension Policy {
    /// Evaluates a checked expression. Total: it never traps. Null (a missing optional field) flows
    /// through field access, arithmetic and functions as null; comparisons with null are false (except
    /// `null == null`); `&&`, `||` and `!` treat null as false; division by zero is null.
    public enum Evaluator {
        public static func evaluate(_ expression: Expression, _ bindings: [String: Value], _ environment: PolicyEnvironment) -> Value {
            switch expression {
            case .literal(let value, _): return value
            case .list(let items, _): return .list(items.map { evaluate($0, bindings, environment) })
            case .path(let path, _):
                var value = bindings[path[0]] ?? .null
                for field in path.dropFirst() { value = value[field] }
                return value
            case .call(let name, let arguments, _):
                guard let function = Functions.table[name] else { return .null }
                return function.body(arguments.map { evaluate($0, bindings, environment) }, environment)
            case .unary(let operation, let operand, _):
                let value = evaluate(operand, bindings, environment)
                if operation == "!" { return .bool(!value.isTrue) }
                if case .number(let number) = value { return .number(-number) }
                return .null
            case .conditional(let condition, let then, let otherwise, _):
                return evaluate(condition, bindings, environment).isTrue
                    ? evaluate(then, bindings, environment) : evaluate(otherwise, bindings, environment)
            case .binary(let operation, let left, let right, _):
                let a = evaluate(left, bindings, environment)
                switch operation {
                case "&&": return .bool(a.isTrue && evaluate(right, bindings, environment).isTrue)
                case "||": return .bool(a.isTrue || evaluate(right, bindings, environment).isTrue)
                default: break
                }
                let b = evaluate(right, bindings, environment)
                switch operation {
                case "==": return .bool(a == b)
                case "!=": return .bool(a != b)
                case "in":
                    guard a != .null, case .list(let items) = b else { return .bool(false) }
                    return .bool(items.contains(a))
                case "<", "<=", ">", ">=":
                    return .bool(compare(a, b).map { order in
                        switch operation {
                        case "<": return order < 0
                        case "<=": return order <= 0
                        case ">": return order > 0
                        default: return order >= 0
                        }
                    } ?? false)
                default:
                    if operation == "+", case .string(let x) = a, case .string(let y) = b { return .string(x + y) }
                    guard case .number(let x) = a, case .number(let y) = b else { return .null }
                    switch operation {
                    case "+": return .number(x + y)
                    case "-": return .number(x - y)
                    case "*": return .number(x * y)
                    case "/": return y == 0 ? .null : .number(x / y)
                    case "%": return y == 0 ? .null : .number(x.truncatingRemainder(dividingBy: y))
                    default: return .null
                    }
                }
            }
        }

        static func compare(_ a: Value, _ b: Value) -> Int? {
            switch (a, b) {
            case let (.number(x), .number(y)): return x < y ? -1 : (x > y ? 1 : 0)
            case let (.string(x), .string(y)): return x < y ? -1 : (x > y ? 1 : 0)
            default: return nil
            }
        }
    }
}
