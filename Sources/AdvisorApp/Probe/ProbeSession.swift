import AdvisorCore
import AdvisorCrypto
public import AdvisorProbe
import AdvisorStore
public import AdvisorReporting
public import Foundation

/// A live run against Bedrock Runtime from one region, its every call stored as it is made: what
/// `advisor probe` and `advisor verify` share.
public struct ProbeSession {
    public let source: String
    public let auth: BedrockAuth
    public let endpoint: String
    let client: BedrockRuntimeClient
    let clock: any MonotonicClock
    let sleeper: any Sleeper

    /// A session over any transport, clock and sleeper: tests run a probe in process on a fake.
    public init(
        source: String, endpoint: String, auth: BedrockAuth, transport: any StreamingTransport,
        clock: any MonotonicClock = SystemClock(), sleeper: any Sleeper = SystemSleeper()
    ) {
        self.source = source
        self.auth = auth
        self.endpoint = endpoint
        self.clock = clock
        self.sleeper = sleeper
        client = BedrockRuntimeClient(endpoint: endpoint, region: source, auth: auth, connection: transport, clock: clock)
    }

    /// A session on the real endpoint (or `endpointURL`), with the credentials the environment gives.
    public init(source: String, endpointURL: String?, newConnection: Bool, environment: [String: String], now: Date) throws {
        self.source = source
        auth = try ProbeTargets.auth(environment: environment, now: now)
        if case .sigV4 = auth { try Digest.requireLibrary() }
        endpoint = try BedrockEndpoint.runtime(region: source, explicit: endpointURL, environment: environment)
        let connection = try CurlConnection(
            caBundle: environment["AWS_CA_BUNDLE"].flatMap { $0.isEmpty ? nil : $0 },
            freshConnection: newConnection)
        client = BedrockRuntimeClient(endpoint: endpoint, region: source, auth: auth, connection: connection)
        clock = SystemClock()
        sleeper = SystemSleeper()
    }

    /// Where the run went, with any credentials in the URL taken out: what may be shown or stored.
    public var shownEndpoint: String { Redact.endpoint(endpoint) }

    /// Runs `plan`, storing each call in `dataset` as it is made (a killed run keeps every call it
    /// stored). `shouldStop` is asked before each call; `onSample` hears each one after it is stored.
    public func run(
        _ plan: ProbePlan, workspace: Workspace, dataset: String, model: String, command: String,
        shouldStop: @escaping @Sendable () -> Bool = { false },
        onSample: (ProbeSample, _ index: Int) -> Void = { _, _ in }
    ) throws -> ProbeRunner.Outcome {
        let store = workspace.store
        let now = Date()
        let runner = ProbeRunner(client: client, clock: clock, sleeper: sleeper)
        runner.shouldStop = shouldStop
        let runId = RFC3339.basicDateTimeString(now) + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let origin = "\(command) \(runId) from \(source) to \(shownEndpoint)"
        var storeError: (any Error)?
        let outcome = try store.withBatchedSync {
            runner.run(plan) { sample, index, _ in
                guard storeError == nil else { return }
                do {
                    try store.appendProbeSamples(
                        [ProbeRecords.row(sample, source: source, model: model, runId: runId)],
                        dataset: dataset, runId: runId, origin: origin, now: Date())
                } catch {
                    storeError = error
                }
                onSample(sample, index)
            }
        }
        if let storeError { throw storeError }
        return outcome
    }
}

/// What a probe run is asked to do, as the command line gives it.
public struct ProbeRequest: Sendable {
    public static let defaultPrompt = ConverseRequest.seedPrompt
    /// The plan itself: the command line cannot name AdvisorProbe's type, so it asks through here.
    let plan: ProbePlan

    public init(
        source: String, model: String, profiles: [String], runs: Int, warmup: Int, intervalSeconds: Double,
        prompt: String = ProbeRequest.defaultPrompt, maxTokens: Int = 200, temperature: Double = 0.1
    ) {
        plan = ProbePlan(
            source: source, model: model, profiles: profiles, runs: runs, warmup: warmup, intervalSeconds: intervalSeconds,
            prompt: prompt, maxTokens: maxTokens, temperature: temperature)
    }

    public var intervalSeconds: Double { plan.intervalSeconds }
    /// Calls the run makes, warm-ups included.
    public var calls: Int { plan.schedule.count }
}

/// What a probe run did, as the command line prints it.
public struct ProbeRunResult: Sendable {
    public var samples: [ProbeOutput.Sample]
    public var interrupted: Bool
    /// Why the run gave up on the endpoint before its end, if it did.
    public var abandoned: String?
    /// Whether any measured (not warm-up) call succeeded.
    public var measuredAny: Bool
    /// Each way the calls failed, with its first message.
    public var failures: String
}

extension ProbeSession {
    public var authDescription: String { auth.description }

    /// Runs `request`, storing each call in `dataset` as it is made; `onSample` hears each call as
    /// it is reported (progress).
    public func run(
        _ request: ProbeRequest, workspace: Workspace, dataset: String, command: String,
        shouldStop: @escaping @Sendable () -> Bool = { false },
        onSample: (ProbeOutput.Sample, _ index: Int) -> Void = { _, _ in }
    ) throws -> ProbeRunResult {
        let outcome = try run(
            request.plan, workspace: workspace, dataset: dataset, model: request.plan.model, command: command,
            shouldStop: shouldStop
        ) { sample, index in onSample(ProbeRecords.reported(sample), index) }
        return ProbeRunResult(
            samples: outcome.samples.map(ProbeRecords.reported), interrupted: outcome.interrupted,
            abandoned: outcome.abandoned,
            measuredAny: outcome.samples.contains { !$0.warmup && $0.measurement.succeeded },
            failures: ProbeRecords.failures(outcome.samples))
    }
}
