import Foundation

/// The simulations `advisor simulate` runs for a deployment: one per quota that services draw on,
/// each service's traffic, retry policy and call time taken from advisor.yaml and the dataset.
public struct SimulationRun: Sendable {
    public var quota: String
    public var policy: String
    public var note: String?
    public var result: QuotaSimulation.Result
    /// The quota's requests a minute, where it has such a limit (what a chart draws its line at).
    public var rpm: Double? = nil
    /// The quota's tokens a minute, where it has such a limit.
    public var tpm: Double? = nil
    /// The same run under the other refill: AWS does not say whether its windows are fixed minutes
    /// or sliding, so the output says how much the answer depends on it (nil where not asked for).
    public var otherRefill: RefillOutcome? = nil

    /// What a run came to, summed over its services.
    public struct RefillOutcome: Sendable, Equatable {
        public var refill: QuotaSimulation.Refill
        public var throttledAttempts: Int
        public var gaveUp: Int

        public init(_ result: QuotaSimulation.Result) {
            refill = result.refill
            throttledAttempts = result.services.map(\.throttledAttempts).reduce(0, +)
            gaveUp = result.services.map(\.gaveUp).reduce(0, +)
        }
    }
}

public enum SimulationPlan {
    /// Seconds a call takes where the dataset has no figure for the route.
    public static let defaultCallSeconds = 2.0
    /// The most attempts a simulated request makes (the SDKs make 3 to 5; advisor.yaml may say
    /// anything up to 1e12, which would never end with a zero backoff).
    public static let maximumAttempts = 100
    /// The most attempts one command may schedule over all its runs (requests × attempts, every
    /// quota, policy and refill): the bound that keeps it to seconds whatever peak_rpm says.
    public static let maximumWork = 50_000_000.0

    /// A service's own client settings as a policy (`client.sdk`, `client.retry_mode`,
    /// `client.max_attempts`, `client.backoff`, `client.circuit_breaker`), or nil when it declares
    /// none. A retry mode (with its SDK, botocore when `client.sdk` is absent) is that SDK's mode; an
    /// SDK alone is the mode it uses when nothing configures one (RetrySpec.sdkDefaultModes);
    /// declared attempts and backoff replace the mode's own (keeping its retry quota and, in
    /// adaptive mode, its limiter); a circuit breaker alone goes on botocore's default. A mode the
    /// SDK does not have is refused, naming the field.
    public static func declaredPolicy(_ service: ServiceConfig, file: String) throws(InputError) -> RetrySpec? {
        let client = service.value["client"]
        let sdk = Policy.Functions.string(client["sdk"])
        let mode = Policy.Functions.string(client["retry_mode"])
        var spec: RetrySpec?
        if sdk != nil || mode != nil {
            let family = sdk ?? RetrySpec.defaultSDK
            guard let modes = RetrySpec.sdkModes[family] else {
                throw InputError(
                    field: "\(file): services \(service.name) client.sdk", value: family,
                    expected: RetrySpec.sdkModes.keys.sorted().joined(separator: ", "))
            }
            // Every SDK of sdkModes has a default mode.
            let chosen = mode ?? RetrySpec.sdkDefaultModes[family]!
            guard let named = modes[chosen] else {
                throw InputError(
                    field: "\(file): services \(service.name) client.retry_mode", value: chosen,
                    expected: "a retry mode the \(family) SDK has: \(modes.keys.sorted().joined(separator: ", "))")
            }
            spec = named
        }
        if let attempts = Policy.Functions.number(client["max_attempts"]) {
            let backoff = client["backoff"]
            let base = (Policy.Functions.number(backoff["base_ms"]) ?? 0) / 1_000
            let cap = Policy.Functions.number(backoff["max_ms"]).map { $0 / 1_000 }
            let jitter = Policy.Functions.string(backoff["jitter"]).flatMap(RetrySpec.Jitter.init(rawValue:)) ?? .full
            var declared = RetrySpec(
                name: "declared", maxAttempts: Int(min(max(attempts, 1), 1e9)), base: base, maxDelay: cap, jitter: jitter,
                retryQuota: spec?.retryQuota, adaptive: spec?.adaptive ?? false)
            if backoff == .null, let spec {
                // Attempts alone: the mode's own backoff with the declared count.
                declared = spec
                declared.name = "declared"
                declared.maxAttempts = Int(min(max(attempts, 1), 1e9))
            }
            spec = declared
        }
        let breaker = client["circuit_breaker"]
        if let threshold = Policy.Functions.number(breaker["failure_threshold"]) {
            spec = spec ?? RetrySpec.sdkDefault()
            spec?.breaker = RetrySpec.CircuitBreaker(
                failureThreshold: Int(min(max(threshold, 1), 1_000_000)),
                openSeconds: Policy.Functions.number(breaker["open_seconds"]) ?? 30)
        }
        return spec
    }

    /// Services that declare no client settings are simulated as a boto3 client left at its
    /// defaults: said, so the assumption is seen.
    static func undeclaredNote(_ names: [String]) -> String? {
        names.isEmpty
            ? nil
            : "\(names.joined(separator: ", ")) declare\(names.count == 1 ? "s" : "") no client settings: simulated as boto3 left at its defaults (\(RetrySpec.sdkDefaultModes[RetrySpec.defaultSDK]!) mode, \(RetrySpec.sdkDefault().maxAttempts) attempts)"
    }

    /// How a service's call times are drawn, in a few words for the output's note.
    static func describe(_ time: CallTime) -> String {
        switch time {
        case .fixed(let seconds): return "every call takes \(Policy.Value.number(seconds)) s"
        case .samples(let values): return "call times drawn from the route's \(values.count) measured calls"
        case .percentiles(let points, let maximum):
            let names = points.map { "P\(Int(($0.quantile * 100).rounded()))" } + (maximum == nil ? [] : ["max"])
            return points.count == 1 && maximum == nil
                ? "every call takes the route's P50"
                : "call times drawn from the route's \(names.joined(separator: ", "))"
        }
    }

    /// A service's `traffic.burst`, checked: a factor of at least 1, a burst shorter than its
    /// period, and room between bursts for the average to stay at peak_rpm (factor × seconds at most
    /// every_seconds). Poisson when it declares none.
    public static func arrivalShape(_ service: ServiceConfig, file: String) throws(InputError) -> ArrivalShape {
        let burst = service.value["traffic"]["burst"]
        guard burst != .null else { return .poisson }
        let field = "\(file): services \(service.name) traffic.burst"
        let factor = Policy.Functions.number(burst["factor"]) ?? 0
        let seconds = Policy.Functions.number(burst["seconds"]) ?? 0
        let period = Policy.Functions.number(burst["every_seconds"]) ?? 0
        let written = "factor \(factor), seconds \(seconds), every_seconds \(period)"
        guard factor >= 1, factor <= 1_000 else {
            throw InputError(field: field + ".factor", value: written, expected: "a multiple of peak_rpm from 1 to 1000")
        }
        // At least a second: a burst shape in nanoseconds would make each arrival step through
        // billions of segments.
        guard seconds >= 1, period > seconds, period <= 86_400 else {
            throw InputError(
                field: field, value: written, expected: "seconds of at least 1 and below every_seconds (every_seconds at most a day)")
        }
        guard factor * seconds <= period else {
            throw InputError(
                field: field, value: written,
                expected: "factor × seconds at most every_seconds, so the rate between bursts can keep the average at peak_rpm")
        }
        return .burst(factor: factor, seconds: seconds, everySeconds: period)
    }

    /// A policy as `--compare` names it: a retry policy (config or a RetrySpec name), optionally
    /// `+failover:SCOPE` (global or geographic): after a throttle a request moves to the model's quota
    /// of that scope in the same Region. nil when the name is neither.
    public static func parsePolicy(_ text: String) -> (retry: String, failover: QuotaScope?)? {
        let marker = "+failover:"
        var retry = text, failover: QuotaScope?
        if let range = text.range(of: marker) {
            retry = String(text[..<range.lowerBound])
            guard let scope = QuotaScope(rawValue: String(text[range.upperBound...])), scope == .global || scope == .geographic else {
                return nil
            }
            failover = scope
        }
        guard retry == "config" || RetrySpec.named[retry] != nil else { return nil }
        return (retry, failover)
    }

    /// One run per quota with services sharing it, checked against the work bound and run.
    public static func runs(
        _ deployment: DeploymentConfig, capacity: [CapacityRow], dataset: Dataset, catalogue: Catalogue, policy: String,
        refill: QuotaSimulation.Refill, minutes: Int, seed: UInt64, otherRefill: Bool = false
    ) throws(InputError) -> [SimulationRun] {
        let planned = try plan(
            deployment, capacity: capacity, dataset: dataset, catalogue: catalogue, policy: policy, refill: refill, minutes: minutes,
            seed: seed, otherRefill: otherRefill)
        try checkWork(planned, file: deployment.file)
        return planned.map { $0.run() }
    }

    /// A run ready to go, and what it may cost.
    public struct PlannedRun {
        public var quota: String
        /// The most attempts it may make: peaks × minutes × attempts, twice when the other refill runs too.
        public var work: Double
        /// Its services and their peaks, for an error that names them.
        var load: String
        let execute: () -> SimulationRun

        public func run() -> SimulationRun { execute() }
    }

    /// Refuses, before anything runs, a set of runs that could make more than `maximumWork`
    /// attempts in all (every quota, every policy compared, both refills), naming the heaviest:
    /// so a simulation takes seconds whatever advisor.yaml and --compare say.
    public static func checkWork(_ planned: [PlannedRun], file: String) throws(InputError) {
        let total = planned.reduce(0.0) { $0 + $1.work }
        guard total > maximumWork else { return }
        let heaviest = planned.max { $0.work < $1.work }
        throw InputError(
            field: "\(file): traffic.peak_rpm of \(heaviest?.quota ?? "its quotas")", value: heaviest?.load ?? "",
            expected:
                "peaks × --minutes × attempts of at most \(Int(maximumWork)) over every quota and policy simulated (fewer --minutes or policies, or a smaller peak)"
        )
    }

    /// Each quota's run with services sharing it, not yet run. `policy` "config" uses each service's
    /// declared client settings (boto3 left at its defaults where it declares none); a name from
    /// RetrySpec.named applies that mode to every service. `otherRefill`: each quota is also run
    /// under the other refill, and the run says what that gave.
    public static func plan(
        _ deployment: DeploymentConfig, capacity: [CapacityRow], dataset: Dataset, catalogue: Catalogue, policy: String,
        refill: QuotaSimulation.Refill, minutes: Int, seed: UInt64, otherRefill: Bool = false
    ) throws(InputError) -> [PlannedRun] {
        let byName = Dictionary(deployment.services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        guard let parsed = parsePolicy(policy) else {
            throw InputError(
                field: "--compare", value: policy,
                expected:
                    "config or a retry policy (\(RetrySpec.named.keys.sorted().joined(separator: ", "))), optionally +failover:global or +failover:geographic"
            )
        }
        var runs: [PlannedRun] = []
        for row in capacity where row.quota.scope != .mantle && (row.rpmQuota != nil || row.tpmQuota != nil) {
            var services: [QuotaSimulation.Service] = []
            var unmeasured: [String] = []
            // Service names by how their call times are drawn, and the bursts declared: said under the table.
            var drawn: [String: [String]] = [:]
            var bursts: [String] = []
            var undeclared: [String] = []
            var failover: QuotaSimulation.Quota?
            var failoverNote: String?
            if let scope = parsed.failover {
                if let other = capacity.first(where: {
                    $0.quota.model == row.quota.model && $0.quota.region == row.quota.region && $0.quota.scope == scope
                        && $0.quota.scope != row.quota.scope && ($0.rpmQuota != nil || $0.tpmQuota != nil)
                }) {
                    failover = .init(rpm: other.rpmQuota, tpm: other.tpmQuota, burndown: other.burndown, refill: refill)
                    failoverNote =
                        "failover to \(other.quota.label): after a throttle a request moves there at once, its calls as long as here"
                } else {
                    failoverNote =
                        "no \(scope.rawValue) quota declared for \(row.quota.model) in \(row.quota.region) (or this is it): failover not simulated"
                }
            }
            for name in row.services {
                guard let service = byName[name], let traffic = PolicyFacts.traffic(service) else { continue }
                let declared = parsed.retry == "config" ? try declaredPolicy(service, file: deployment.file) : nil
                if parsed.retry == "config", declared == nil { undeclared.append(name) }
                let retry = declared ?? RetrySpec.named[parsed.retry] ?? RetrySpec.sdkDefault()
                let target = PolicyFacts.target(service, catalogue: catalogue, residency: nil)
                let callTime = Policy.Functions.string(target["id"]).flatMap { id in
                    let route = RouteKey(source: service.region, profile: id)
                    return CallTime.measured(dataset.routes[route], distribution: dataset.distributions[route])
                }
                if let callTime { drawn[Self.describe(callTime), default: []].append(name) } else { unmeasured.append(name) }
                let arrivals = try arrivalShape(service, file: deployment.file)
                if case .burst(let factor, let seconds, let period) = arrivals {
                    bursts.append(
                        "\(name) arrives in bursts of \(Policy.Value.number(factor))x its peak for \(Policy.Value.number(seconds)) s every \(Policy.Value.number(period)) s"
                    )
                }
                services.append(
                    QuotaSimulation.Service(
                        name: name, peakRPM: traffic.peakRPM, inputTokens: traffic.inputTokens, cacheWriteTokens: traffic.cacheWriteTokens,
                        outputTokens: traffic.outputTokens, maxTokens: traffic.maxTokens, callTime: callTime ?? .fixed(defaultCallSeconds),
                        arrivals: arrivals, retry: retry))
            }
            guard !services.isEmpty else { continue }
            for service in services where service.retry.maxAttempts > maximumAttempts {
                throw InputError(
                    field: "\(deployment.file): services \(service.name) client.max_attempts", value: String(service.retry.maxAttempts),
                    expected: "at most \(maximumAttempts) attempts to simulate (the SDKs make 3 to 5)")
            }
            let work =
                services.reduce(0.0) { $0 + $1.peakRPM * Double(minutes) * Double($1.retry.maxAttempts) } * (otherRefill ? 2 : 1)
            func simulation(_ refill: QuotaSimulation.Refill) -> QuotaSimulation {
                var switched = failover
                switched?.refill = refill
                return QuotaSimulation(
                    quota: .init(rpm: row.rpmQuota, tpm: row.tpmQuota, burndown: row.burndown, refill: refill), services: services,
                    minutes: minutes, seed: seed, failover: switched)
            }
            let other: QuotaSimulation.Refill = refill == .fixedWindow ? .tokenBucket : .fixedWindow
            let unmeasuredNote =
                unmeasured.isEmpty
                ? nil
                : "\(unmeasured.joined(separator: ", ")): no total time in dataset \(dataset.name) for the route; each call takes \(Int(defaultCallSeconds)) s"
            let note =
                ([unmeasuredNote]
                + drawn.keys.sorted().map { "\(drawn[$0]!.joined(separator: ", ")): \($0) in dataset \(dataset.name)" }
                + bursts + [undeclaredNote(undeclared), failoverNote]).compactMap { $0 }.joined(separator: "; ").nilIfEmpty
            runs.append(
                PlannedRun(
                    quota: row.quota.label, work: work.isNaN ? .infinity : work,
                    load: services.map { "\($0.name) \(Policy.Value.number($0.peakRPM))" }.joined(separator: ", ")
                ) {
                    SimulationRun(
                        quota: row.quota.label, policy: policy, note: note, result: simulation(refill).run(), rpm: row.rpmQuota,
                        tpm: row.tpmQuota, otherRefill: otherRefill ? SimulationRun.RefillOutcome(simulation(other).run()) : nil)
                })
        }
        return runs
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// One service's outcome in check's simulation, as the rules read it (`simulated.`).
public struct SimulatedService: Sendable, Equatable {
    public var quota: String
    public var policy: String
    public var minutes: Int
    public var seed: UInt64
    public var giveUpPct: Double
    public var throttledPct: Double
    public var attemptsPerRequest: Double
    public var addedP50Ms: Double
    public var addedP99Ms: Double

    public init(_ result: QuotaSimulation.ServiceResult, quota: String, policy: String, minutes: Int, seed: UInt64) {
        self.quota = quota
        self.policy = policy
        self.minutes = minutes
        self.seed = seed
        func rounded(_ value: Double, _ digits: Double) -> Double { (value * digits).rounded() / digits }
        giveUpPct = rounded(result.giveUpRate * 100, 10)
        throttledPct = rounded(result.attempts == 0 ? 0 : Double(result.throttledAttempts) / Double(result.attempts) * 100, 10)
        attemptsPerRequest = rounded(result.attemptsPerRequest, 100)
        addedP50Ms = (result.addedLatencyP50 * 1_000).rounded()
        addedP99Ms = (result.addedLatencyP99 * 1_000).rounded()
    }
}

extension SimulationPlan {
    /// The runs of a deployment's own client settings (policy `config`) at its declared peaks, with
    /// advisor.yaml's `simulate:` settings or the defaults: what check's gate judges and the report
    /// charts. Empty when no quota has services with traffic.
    public static func configRuns(
        _ deployment: DeploymentConfig, catalogue: Catalogue, dataset: Dataset?, otherRefill: Bool = false
    ) throws(InputError) -> [SimulationRun] {
        let settings = deployment.simulation ?? SimulationSettings()
        return try runs(
            deployment, capacity: CapacityRow.declared(deployment, catalogue: catalogue),
            dataset: dataset ?? Dataset(name: "none", routes: [:]), catalogue: catalogue, policy: "config",
            refill: settings.refill, minutes: settings.minutes, seed: settings.seed, otherRefill: otherRefill)
    }

    /// What the rules read as `simulated.` when advisor.yaml says `simulate:` (empty otherwise): each
    /// service's outcome in `runs`; a service on several quotas keeps its worst run (most requests
    /// given up).
    public static func simulatedServices(_ runs: [SimulationRun], settings: SimulationSettings?) -> [String: SimulatedService] {
        guard let settings else { return [:] }
        var worst: [String: SimulatedService] = [:]
        for run in runs {
            for result in run.result.services {
                let outcome = SimulatedService(result, quota: run.quota, policy: "config", minutes: settings.minutes, seed: settings.seed)
                if let earlier = worst[result.name], earlier.giveUpPct >= outcome.giveUpPct { continue }
                worst[result.name] = outcome
            }
        }
        return worst
    }
}
