extension Policy {
    /// Evaluates a checked expression. Total: it never traps. Null (a missing optional field) flows
    /// through field access, arithmetic and functions as null; comparisons with null are false (except
    /// `null == null`); `&&`, `||` and `!` treat null as false; division by zero is null.
    public enum Evaluator {
        public static func evaluate(_ expression: Expression, _ bindings: [String: Value], _ environment: PolicyEnvironment) -> Value {
            let roots = Array(bindings.keys)
            return CompiledExpression(expression, roots: roots).evaluate(roots.map { bindings[$0] ?? .null }, environment)
        }

        static func compare(_ a: Value, _ b: Value) -> Int? {
            switch (a, b) {
            case let (.number(x), .number(y)): return x < y ? -1 : (x > y ? 1 : 0)
            case let (.string(x), .string(y)): return x < y ? -1 : (x > y ? 1 : 0)
            default: return nil
            }
        }
    }

    /// An expression prepared for evaluating many times (a rule over every service), and the one
    /// definition of what each construct means (`Evaluator.evaluate` compiles, then runs). Operators
    /// and functions are resolved once, into closures: walking the enum instead re-matched every
    /// node's payload, retaining its strings and children, on every evaluation, which was most of a
    /// 10,000-service check's evaluation time. The roots (`service`, `target`, …) are resolved to
    /// positions when compiling, so a path costs no lookup of its root by name.
    public struct CompiledExpression: Sendable {
        typealias Run = @Sendable ([Value], PolicyEnvironment) -> Value
        private let run: Run

        /// `roots` names the values `evaluate` is given, in their order.
        public init(_ expression: Expression, roots: [String]) { run = Self.compile(expression, roots) }

        public func evaluate(_ roots: [Value], _ environment: PolicyEnvironment) -> Value {
            run(roots, environment)
        }

        private static func compile(_ expression: Expression, _ roots: [String]) -> Run {
            let compile = { (expression: Expression) in Self.compile(expression, roots) }
            switch expression {
            case .literal(let value, _):
                return { _, _ in value }
            case .list(let items, _):
                let runs = items.map(compile)
                return { bindings, environment in .list(runs.map { $0(bindings, environment) }) }
            case .path(let path, _):
                guard let slot = roots.firstIndex(of: path[0]) else { return { _, _ in .null } }
                let fields = Array(path.dropFirst())
                return { bindings, _ in
                    var value = bindings[slot]
                    for field in fields { value = value[field] }
                    return value
                }
            case .call(let name, let arguments, _):
                guard let body = Functions.table[name]?.body else { return { _, _ in .null } }
                let runs = arguments.map(compile)
                return { bindings, environment in body(runs.map { $0(bindings, environment) }, environment) }
            case .unary(let operation, let operand, _):
                let run = compile(operand)
                if operation == "!" { return { bindings, environment in .bool(!run(bindings, environment).isTrue) } }
                return { bindings, environment in
                    if case .number(let number) = run(bindings, environment) { return .number(-number) }
                    return .null
                }
            case .conditional(let condition, let then, let otherwise, _):
                let test = compile(condition), yes = compile(then), no = compile(otherwise)
                return { bindings, environment in
                    test(bindings, environment).isTrue ? yes(bindings, environment) : no(bindings, environment)
                }
            case .binary(let operation, let left, let right, _):
                return binary(operation, compile(left), compile(right))
            }
        }

        private static func binary(_ operation: String, _ left: @escaping Run, _ right: @escaping Run) -> Run {
            switch operation {
            case "&&": return { b, e in .bool(left(b, e).isTrue && right(b, e).isTrue) }
            case "||": return { b, e in .bool(left(b, e).isTrue || right(b, e).isTrue) }
            case "==": return { b, e in .bool(left(b, e) == right(b, e)) }
            case "!=": return { b, e in .bool(left(b, e) != right(b, e)) }
            case "in":
                return { b, e in
                    let item = left(b, e)
                    guard item != .null, case .list(let items) = right(b, e) else { return .bool(false) }
                    return .bool(items.contains(item))
                }
            case "<": return ordering(left, right) { $0 < 0 }
            case "<=": return ordering(left, right) { $0 <= 0 }
            case ">": return ordering(left, right) { $0 > 0 }
            case ">=": return ordering(left, right) { $0 >= 0 }
            case "+":
                return { b, e in
                    let x = left(b, e), y = right(b, e)
                    if case .string(let a) = x, case .string(let b) = y { return .string(a + b) }
                    guard case .number(let a) = x, case .number(let b) = y else { return .null }
                    return .number(a + b)
                }
            case "-": return arithmetic(left, right) { .number($0 - $1) }
            case "*": return arithmetic(left, right) { .number($0 * $1) }
            case "/": return arithmetic(left, right) { $1 == 0 ? .null : .number($0 / $1) }
            case "%": return arithmetic(left, right) { $1 == 0 ? .null : .number($0.truncatingRemainder(dividingBy: $1)) }
            default: return { _, _ in .null }
            }
        }

        private static func ordering(_ left: @escaping Run, _ right: @escaping Run, _ holds: @escaping @Sendable (Int) -> Bool) -> Run {
            { b, e in .bool(Evaluator.compare(left(b, e), right(b, e)).map(holds) ?? false) }
        }

        private static func arithmetic(
            _ left: @escaping Run, _ right: @escaping Run,
            _ apply: @escaping @Sendable (Double, Double) -> Value
        ) -> Run {
            { b, e in
                guard case .number(let x) = left(b, e), case .number(let y) = right(b, e) else { return .null }
                return apply(x, y)
            }
        }
    }
}
