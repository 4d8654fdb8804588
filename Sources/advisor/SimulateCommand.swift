import AdvisorApp
import AdvisorCore
import AdvisorReporting
import ArgumentParser
import Foundation

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate what the clients' retry policies do to each quota at the declared peaks, before production finds out.",
        discussion: """
            For each quota of advisor.yaml (or imported from Service Quotas) with services drawing on it: \
            a seeded discrete-event simulation of their traffic (Poisson arrivals at traffic.peak_rpm, or \
            in its traffic.burst; input, cache-write and output tokens, max_tokens), the quota as Bedrock \
            counts it (RPM where given; tokens reserved at the start, settled with the output burndown at \
            the end), each service's retry policy with its SDK's constants (client.sdk, client.retry_mode), \
            and call times drawn from what the dataset measured for the route. Per service: requests, \
            succeeded, gave up, attempts per request, throttled attempts, added latency; per quota, what \
            the other refill would give. The same seed gives the same output. See docs/simulate.md.

            Examples:
              advisor simulate --config advisor.yaml
              advisor simulate --compare config,standard,adaptive --minutes 30
              advisor simulate --compare java-standard,standard+failover:global
              advisor simulate --refill token-bucket --format json
            """)

    @Option(help: ArgumentHelp("The deployment config.", valueName: "file"))
    var config: String = "advisor.yaml"

    @Option(
        help: ArgumentHelp(
            "Simulated minutes (1 to 1440; default: advisor.yaml's simulate: minutes, else \(SimulationSettings().minutes)).",
            valueName: "n"))
    var minutes: Int?

    @Option(
        help: ArgumentHelp(
            "The random seed: the same seed gives the same run (default: advisor.yaml's simulate: seed, else \(SimulationSettings().seed)).",
            valueName: "n"))
    var seed: UInt64?

    @Option(
        help: ArgumentHelp(
            "Retry policies to run side by side, comma-separated: config (each service's client settings, else boto3's defaults), standard, adaptive, legacy, none (botocore's), js-standard, js-adaptive (the JavaScript v3 SDK's), java-standard, java-adaptive, java-legacy (the Java v2 SDK's); each may add +failover:global or +failover:geographic (after a throttle, move to that quota).",
            valueName: "policy,…"))
    var compare: String = "config"

    @Option(
        help: ArgumentHelp(
            "How the quota refills: fixed-window (per minute) or token-bucket (continuously); default: advisor.yaml's simulate: refill, else fixed-window.",
            valueName: "model"))
    var refill: String?

    @Option(help: ArgumentHelp("The latency dataset for call durations (default: the config's, else the built-in one).", valueName: "name"))
    var dataset: String?

    @Option(help: FormatOption<SimulationOutput>.help)
    var format = FormatOption<SimulationOutput>()

    @OptionGroup var store: StoreOptions

    mutating func validate() throws {
        if let minutes, !(1...1_440).contains(minutes) { throw ValidationError("--minutes: expected 1 to 1440, found \(minutes)") }
        if let refill, QuotaSimulation.Refill(rawValue: refill) == nil {
            throw ValidationError("--refill: expected fixed-window or token-bucket, found '\(refill)'")
        }
        for policy in policies where SimulationPlan.parsePolicy(policy) == nil {
            throw ValidationError(
                "--compare: unknown policy '\(policy)'; expected config or \(RetrySpec.named.keys.sorted().joined(separator: ", ")), "
                    + "each optionally +failover:global or +failover:geographic")
        }
    }

    var policies: [String] { compare.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }

    mutating func run() throws {
        let rules = try PolicyRules.builtin()
        let declared = try PolicyInput.readConfig(config, rules: rules)
        let runs = try store.withStore { store in
            let catalogue = try store.catalogue(named: declared.catalogue, field: "\(declared.file): catalogue")
            // Unset flags take advisor.yaml's simulate: settings, so simulate, check's gate and the
            // report's simulation run the same world.
            let settings = declared.simulation ?? SimulationSettings()
            return try PolicyAssessment.simulate(
                declared, rules: rules, workspace: store, catalogue: catalogue, dataset: dataset, policies: policies,
                refill: refill.flatMap(QuotaSimulation.Refill.init(rawValue:)) ?? settings.refill, minutes: minutes ?? settings.minutes,
                seed: seed ?? settings.seed, now: Date())
        }
        print(format.render(runs), terminator: "")
    }
}
