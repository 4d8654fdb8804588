import AdvisorApp
import AdvisorCore
import AdvisorReporting
import ArgumentParser
import Foundation
import Synchronization

/// Set by SIGINT: the probe stops after the call in flight and keeps what it measured.
let interruptRequested = Atomic<Bool>(false)

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Measure each profile of a model from this region, live, and store every call as a dataset.",
        discussion: """
            The seed lab's method: a fixed prompt, the profiles called in turn (A B A B …, never \
            A A A B B B), a pause between calls, warm-up calls stored but left out of statistics. \
            Throttling and transient errors are retried with jittered backoff; latencies are those of \
            the attempt that succeeded, and the attempts are counted. One connection is kept per \
            endpoint, so TTFB is not TCP and TLS set-up (--new-connection measures as the seed script \
            did). Ctrl-C stops after the call in flight: what was measured is kept (exit 130). \
            Needs bedrock:InvokeModelWithResponseStream on the profiles (docs/probe.md).

            Example: advisor probe --source eu-central-1 --model anthropic.claude-sonnet-4-6 --profiles global,eu
            """)

    @Option(help: ArgumentHelp("The region the calls are made from (the endpoint's region).", valueName: "region"))
    var source: String

    @Option(help: ArgumentHelp("The model whose profiles to measure.", valueName: "id"))
    var model: String

    @Option(
        help: ArgumentHelp(
            "Profiles to call: short (global, eu) or full ids, comma-separated. Default: every callable one.",
            valueName: "list"))
    var profiles: String?

    @Flag(name: .customLong("all-callable"), help: "Call every way of calling the model that is callable from --source.")
    var allCallable = false

    @Option(help: ArgumentHelp("Measured calls per profile.", valueName: "n"), transform: DecimalFlag.int)
    var runs: Int = 30

    @Option(name: .customLong("interval-ms"), help: ArgumentHelp("The pause after each call.", valueName: "ms"), transform: DecimalFlag.int)
    var intervalMs: Int = 500

    @Option(help: ArgumentHelp("Warm-up calls per profile, stored but left out of statistics.", valueName: "n"), transform: DecimalFlag.int)
    var warmup: Int = 1

    @Option(help: ArgumentHelp("The prompt.", valueName: "text"))
    var prompt: String = ProbeRequest.defaultPrompt

    @Option(name: .customLong("max-tokens"), help: ArgumentHelp("maxTokens of each call.", valueName: "n"), transform: DecimalFlag.int)
    var maxTokens: Int = 200

    @Option(help: ArgumentHelp("temperature of each call.", valueName: "t"), transform: DecimalFlag.double)
    var temperature: Double = 0.1

    @Option(help: ArgumentHelp("The dataset to store the calls in (default: probe-REGION-DATE).", valueName: "name"))
    var dataset: String?

    @Option(help: FormatOption<ProbeOutput>.help)
    var format = FormatOption<ProbeOutput>()

    @Option(
        name: .customLong("endpoint-url"),
        help: ArgumentHelp(
            "Another Bedrock Runtime endpoint (a VPC endpoint, a test server).",
            valueName: "url"))
    var endpointURL: String?

    @Flag(name: .customLong("new-connection"), help: "A new connection per call, as the seed script measured.")
    var newConnection = false

    @Flag(help: "Call profiles the catalogue says are not callable from --source (the refusal is recorded, not retried).")
    var force = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (1...10_000).contains(runs) else { throw ValidationError("--runs: expected 1 to 10000 calls per profile") }
        guard (0...100).contains(warmup) else { throw ValidationError("--warmup: expected 0 to 100 calls per profile") }
        guard (0...600_000).contains(intervalMs) else { throw ValidationError("--interval-ms: expected 0 to 600000") }
        guard (1...100_000).contains(maxTokens) else { throw ValidationError("--max-tokens: expected 1 to 100000") }
        guard temperature.isFinite, (0...1).contains(temperature) else { throw ValidationError("--temperature: expected 0 to 1") }
        guard !(allCallable && profiles != nil) else { throw ValidationError("--profiles and --all-callable: give one of them") }
        if let dataset { try DatasetName.check(dataset, flag: "--dataset") }
    }

    mutating func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let now = Date()
        // The outcome leaves the store's scope before any failure is thrown: a store created by this
        // command is published only when its body returns, and the calls made must be kept.
        try store.ensureExists()
        let (outcome, source) = try store.withStore(writing: true) { store -> (ProbeRunResult, String) in
            let catalogue = try store.catalogue()
            let source = try catalogue.resolveRegion(self.source, field: "--source").code
            let model = try catalogue.resolveModel(self.model, field: "--model")
            let chosen = try ProbeTargets.resolve(profiles, model: model.id, source: source, catalogue: catalogue, force: force)
            let name = dataset ?? "probe-\(source)-\(RFC3339.dateString(now))"
            let request = ProbeRequest(
                source: source, model: model.id, profiles: chosen, runs: runs, warmup: warmup,
                intervalSeconds: Double(intervalMs) / 1000, prompt: prompt, maxTokens: maxTokens,
                temperature: temperature)
            let live = try ProbeSession(
                source: source, endpointURL: endpointURL, newConnection: newConnection,
                environment: environment, now: now)
            let interaction = Interaction(total: request.calls, interval: request.intervalSeconds)
            // The progress line is cleared before the report prints, and on any failure.
            defer { interaction.finish() }
            let outcome = try live.run(
                request, workspace: store, dataset: name, command: "advisor probe",
                shouldStop: Interaction.shouldStop, onSample: interaction.update)
            interaction.finish()
            let report = ProbeOutput.Run(
                source: source, model: "\(model.name) (\(model.id))", dataset: name,
                endpoint: live.shownEndpoint, auth: live.authDescription, newConnection: newConnection,
                interrupted: outcome.interrupted, profiles: chosen, samples: outcome.samples)
            print(format.render(report), terminator: "")
            return (outcome, source)
        }
        if outcome.interrupted { throw ExitCode(130) }
        if let abandoned = outcome.abandoned {
            throw CommandFailure.runtime("stopped measuring from \(source): \(abandoned); the calls made are stored")
        }
        guard outcome.measuredAny else {
            throw CommandFailure.runtime("no call succeeded (\(outcome.failures)); nothing could be measured from \(source)")
        }
    }
}

/// A run as a command makes it: Ctrl-C stops after the call in flight (it is caught from the
/// start to `finish`), and a terminal sees a progress line.
final class Interaction {
    private var progress: ProbeProgress
    private let interval: Double

    init(total: Int, interval: Double) {
        InterruptSignal.catchInterrupt()
        progress = ProbeProgress(enabled: isatty(2) == 1, total: total)
        self.interval = interval
    }

    static let shouldStop: @Sendable () -> Bool = { interruptRequested.load(ordering: .relaxed) }

    func update(_ sample: ProbeOutput.Sample, index: Int) {
        // verify makes one run per model: a run's first call starts the count (and the ETA) again.
        if index == 1 { progress.restart() }
        progress.update(sample, index: index, interval: interval)
    }

    private var finished = false

    /// Clears the progress line; once only.
    func finish() {
        guard !finished else { return }
        finished = true
        progress.finish()
        // Ctrl-C after the run (while the report prints) stops the process as usual again.
        signal(SIGINT, SIG_DFL)
    }
}

/// Ctrl-C sets interruptRequested instead of killing the process. SIGINT is unblocked first: a
/// parent (a CI runner, a test harness) may have blocked it, and the mask is inherited.
enum InterruptSignal {
    static func catchInterrupt() {
        signal(SIGINT) { _ in interruptRequested.store(true, ordering: .relaxed) }
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}

/// The progress line on stderr, when it is a terminal: call i/N, profile, last TTFB, failures, ETA.
struct ProbeProgress {
    let enabled: Bool
    let total: Int
    var failures = 0
    var started = DispatchTime.now().uptimeNanoseconds

    init(enabled: Bool, total: Int) {
        self.enabled = enabled
        self.total = total
    }

    mutating func update(_ sample: ProbeOutput.Sample, index: Int, interval: Double) {
        if sample.status != "ok" { failures += 1 }
        guard enabled else { return }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let eta = Int((elapsed / Double(index) * Double(total - index)).rounded())
        let ttfb = sample.firstEventMs.map { "\(Int($0.rounded())) ms" } ?? sample.status
        Output.progress(
            "call \(index)/\(total)  \(sample.profile)\(sample.warmup ? " (warm-up)" : "")  TTFB \(ttfb)  "
                + "failures \(failures)  ETA \(eta / 60)m\(String(format: "%02d", eta % 60))s")
    }

    mutating func restart() {
        failures = 0
        started = DispatchTime.now().uptimeNanoseconds
    }

    func finish() {
        if enabled { Output.progress(nil) }
    }
}
