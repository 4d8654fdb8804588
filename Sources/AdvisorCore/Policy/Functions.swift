import Foundation

/// What built-in functions may ask: the catalogue and the latency dataset.
public struct PolicyEnvironment: Sendable {
    public var catalogue: Catalogue
    public var dataset: Dataset?
    /// Where the account's calls really ran (CloudTrail, `advisor routes`); empty when none are stored.
    public var observed: [RouteObservation]
    /// What check simulated per service name (advisor.yaml's `simulate:`); empty when it asked for none.
    public var simulated: [String: SimulatedService]

    public init(
        catalogue: Catalogue, dataset: Dataset?, observed: [RouteObservation] = [], simulated: [String: SimulatedService] = [:]
    ) {
        self.catalogue = catalogue
        self.dataset = dataset
        self.observed = observed
        self.simulated = simulated
    }
}

extension Policy {
    /// A built-in function: its signature for the checker and its total implementation.
    struct Function: Sendable {
        var parameters: [ValueType]
        /// How many trailing parameters may be left out.
        var optional: Int = 0
        var result: ValueType
        var summary: String
        var body: @Sendable ([Value], PolicyEnvironment) -> Value
    }

    enum Functions {
        static func string(_ value: Value) -> String? {
            if case .string(let text) = value { return text }
            return nil
        }

        static func number(_ value: Value) -> Double? {
            if case .number(let number) = value { return number }
            return nil
        }

        static func strings(_ value: Value) -> [String]? {
            guard case .list(let items) = value else { return nil }
            return items.compactMap(string)
        }

        static func stat(_ statistic: Statistic) -> @Sendable ([Value], PolicyEnvironment) -> Value {
            { arguments, environment in
                guard let name = string(arguments[0]), let metric = LatencyMetric(rawValue: name),
                    let source = string(arguments[1]), let profile = string(arguments[2])
                else { return .null }
                return .optional(environment.dataset?.stats(source: source, profile: profile)?.value(metric, statistic))
            }
        }

        static let table: [String: Function] = [
            "has": Function(parameters: [.any], result: .bool, summary: "has(x): x is given (not null)") { args, _ in
                .bool(args[0] != .null)
            },
            "default": Function(parameters: [.any, .any], result: .any, summary: "default(x, y): x, or y when x is null") { args, _ in
                args[0] == .null ? args[1] : args[0]
            },
            "size": Function(parameters: [.any], result: .number, summary: "size(x): length of a string or list; 0 for null") { args, _ in
                switch args[0] {
                case .string(let text): return .number(Double(text.count))
                case .list(let items): return .number(Double(items.count))
                default: return .number(0)
                }
            },
            "lower": Function(parameters: [.string], result: .string, summary: "lower(s)") { args, _ in
                string(args[0]).map { .string($0.lowercased()) } ?? .null
            },
            "upper": Function(parameters: [.string], result: .string, summary: "upper(s)") { args, _ in
                string(args[0]).map { .string($0.uppercased()) } ?? .null
            },
            "startsWith": Function(parameters: [.string, .string], result: .bool, summary: "startsWith(s, prefix)") { args, _ in
                guard let text = string(args[0]), let prefix = string(args[1]) else { return .null }
                return .bool(text.hasPrefix(prefix))
            },
            "endsWith": Function(parameters: [.string, .string], result: .bool, summary: "endsWith(s, suffix)") { args, _ in
                guard let text = string(args[0]), let suffix = string(args[1]) else { return .null }
                return .bool(text.hasSuffix(suffix))
            },
            "contains": Function(parameters: [.string, .string], result: .bool, summary: "contains(s, part)") { args, _ in
                guard let text = string(args[0]), let part = string(args[1]) else { return .null }
                return .bool(text.contains(part))
            },
            "join": Function(parameters: [.list(.any), .string], result: .string, summary: "join(list, separator)") { args, _ in
                guard case .list(let items) = args[0], let separator = string(args[1]) else { return .null }
                return .string(items.map(\.description).joined(separator: separator))
            },
            "string": Function(parameters: [.any], result: .string, summary: "string(x): x as text") { args, _ in
                args[0] == .null ? .null : .string(args[0].description)
            },
            "round": Function(parameters: [.number, .number], optional: 1, result: .number, summary: "round(x[, digits])") { args, _ in
                guard let value = number(args[0]) else { return .null }
                let digits = args.count > 1 ? number(args[1]) ?? 0 : 0
                let scale = pow(10, Double(Int(saturating: min(15, max(0, digits)))))
                return .number((value * scale).rounded() / scale)
            },
            "ceil": Function(parameters: [.number], result: .number, summary: "ceil(x)") { args, _ in
                number(args[0]).map { .number($0.rounded(.up)) } ?? .null
            },
            "floor": Function(parameters: [.number], result: .number, summary: "floor(x)") { args, _ in
                number(args[0]).map { .number($0.rounded(.down)) } ?? .null
            },
            "min": Function(parameters: [.number, .number], result: .number, summary: "min(a, b)") { args, _ in
                guard let a = number(args[0]), let b = number(args[1]) else { return .null }
                return .number(Swift.min(a, b))
            },
            "max": Function(parameters: [.number, .number], result: .number, summary: "max(a, b)") { args, _ in
                guard let a = number(args[0]), let b = number(args[1]) else { return .null }
                return .number(Swift.max(a, b))
            },
            "callable": Function(
                parameters: [.string, .string], result: .bool,
                summary: "callable(id, region): Bedrock accepts the profile or model id from the region"
            ) { args, env in
                guard let id = string(args[0]), let region = string(args[1]) else { return .null }
                return .bool(env.catalogue.callability(of: id, from: region).isCallable)
            },
            "geography": Function(parameters: [.string], result: .string, summary: "geography(region): the region's geography code") {
                args, env in
                string(args[0]).flatMap { env.catalogue.region($0)?.geography }.map(Value.string) ?? .null
            },
            "inside": Function(
                parameters: [.string, .string], result: .bool,
                summary: "inside(region, geography): the region lies in the geography (jp is inside apac)"
            ) { args, env in
                guard let region = string(args[0]), let geography = string(args[1]) else { return .null }
                return .bool(env.catalogue.region(region, isInside: geography))
            },
            "destinations": Function(
                parameters: [.string, .string], result: .list(.string),
                summary: "destinations(id, region): where a call from the region may go"
            ) { args, env in
                guard let id = string(args[0]), let region = string(args[1]),
                    case .callable(let list) = env.catalogue.callability(of: id, from: region)
                else { return .null }
                return .list(list.map(Value.string))
            },
            "outside": Function(
                parameters: [.list(.string), .string], result: .list(.string),
                summary: "outside(regions, geography): the regions not inside the geography"
            ) { args, env in
                guard let regions = strings(args[0]), let geography = string(args[1]) else { return .null }
                return .list(env.catalogue.residencyViolations(destinations: regions, residency: geography).map(Value.string))
            },
            "p50": Function(
                parameters: [.string, .string, .string], result: .number,
                summary: "p50(metric, source, profile): the dataset's P50 of 'ttfb' or 'total', in ms"
            ) { args, env in
                stat(.p50)(args, env)
            },
            "p95": Function(parameters: [.string, .string, .string], result: .number, summary: "p95(metric, source, profile)") {
                args, env in
                stat(.p95)(args, env)
            },
            "p99": Function(parameters: [.string, .string, .string], result: .number, summary: "p99(metric, source, profile)") {
                args, env in
                stat(.p99)(args, env)
            },
        ]
    }
}
