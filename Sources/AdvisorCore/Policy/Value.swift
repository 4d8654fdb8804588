extension Policy {
    /// A value in the policy language. Null stands for "not given" and is falsy: a condition holds
    /// only when it evaluates to true.
    public indirect enum Value: Sendable, Equatable, CustomStringConvertible {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case list([Value])
        case object([String: Value])

        public var isTrue: Bool {
            if case .bool(true) = self { return true }
            return false
        }

        public var description: String {
            switch self {
            case .null: return "null"
            case .bool(let value): return String(value)
            case .number(let value):
                if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
                return String((value * 100).rounded() / 100)
            case .string(let value): return value
            case .list(let items): return items.map(\.description).joined(separator: ", ")
            case .object: return "{…}"
            }
        }

        public subscript(field: String) -> Value {
            if case .object(let fields) = self { return fields[field] ?? .null }
            return .null
        }

        public static func optional(_ value: String?) -> Value { value.map(Value.string) ?? .null }
        public static func optional(_ value: Double?) -> Value { value.map(Value.number) ?? .null }
        public static func optional(_ value: Int?) -> Value { value.map { .number(Double($0)) } ?? .null }
        public static func optional(_ value: Bool?) -> Value { value.map(Value.bool) ?? .null }
    }

    /// Static types. Every field may be null at run time; the checker catches misuse of kinds.
    public indirect enum ValueType: Sendable, Equatable, CustomStringConvertible {
        case bool, number, string
        case list(ValueType)
        case object([String: ValueType])
        /// The literal null, or a value whose type depends on its arguments (checked at run time).
        case any

        public var description: String {
            switch self {
            case .bool: return "bool"
            case .number: return "number"
            case .string: return "string"
            case .list(let element): return "list of \(element)"
            case .object: return "object"
            case .any: return "any"
            }
        }

        func accepts(_ other: ValueType) -> Bool {
            switch (self, other) {
            case (.any, _), (_, .any): return true
            case (.bool, .bool), (.number, .number), (.string, .string): return true
            case let (.list(a), .list(b)): return a.accepts(b)
            case (.object, .object): return true
            default: return false
            }
        }
    }
}
