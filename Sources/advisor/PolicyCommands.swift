import AdvisorCore
import AdvisorFormats
import AdvisorReporting
import AdvisorStore
import ArgumentParser
import Foundation

/// Loads the built-in rules and the user's rule directories.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp("A directory of your own rule files (repeatable).", valueName: "dir"))
    var directories: [String] = []

    func load(includeBuiltin: Bool = true) throws -> [Rule] {
        try loadRules(directories: directories, includeBuiltin: includeBuiltin)
    }
}

func loadRules(directories: [String], includeBuiltin: Bool) throws -> [Rule] {
        var files: [(name: String, text: String)] = includeBuiltin
            ? EmbeddedFixtures.files.filter { $0.key.hasPrefix("Rules/") && $0.key.hasSuffix(".yaml") }.sorted { $0.key < $1.key }
                .map { (name: $0.key, text: $0.value) }
            : []
        for directory in directories {
            guard let walker = FileManager.default.enumerator(atPath: directory) else {
                throw CommandFailure(code: CommandFailure.badInput, message: "--rules: \(directory) is not a readable directory")
            }
            for case let relative as String in walker where relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                let path = (directory as NSString).appendingPathComponent(relative)
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                files.append((name: path, text: String(decoding: data, as: UTF8.self)))
            }
        }
        return try mapErrors { try RuleReader.readAll(files) }
}

/// Wall-clock phases of a command, for `--timings` (stderr, so outputs stay clean).
struct PhaseClock {
    let enabled: Bool
    private var last = DispatchTime.now().uptimeNanoseconds
    private var laps: [(String, UInt64)] = []

    init(enabled: Bool) { self.enabled = enabled }

    mutating func lap(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        laps.append((name, now - last))
        last = now
    }

    func report() {
        guard enabled else { return }
        let text = laps.map { "timing: \($0.0): \(String(format: "%.1f", Double($0.1) / 1e6)) ms" }.joined(separator: "\n")
        printError(text)
    }
}

func parseAsOf(_ text: String?) throws -> Date {
    guard let text else { return Date() }
    guard let date = SummaryReader.parseDate(text) else {
        throw CommandFailure(code: CommandFailure.badInput, message: "--as-of: '\(text)' is not a date such as 2026-11-22")
    }
    return date
}

enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, junit, github
}

struct CheckCommand: ParsableCommand, AdvisorRunnable {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a deployment config (advisor.yaml) against the routing, residency, latency, cost, resilience and capacity rules.",
        discussion: """
            Exits 1 when an unwaived error-severity finding is present (--strict: warnings too), 2 on a \
            bad config or rule file. Formats: text, json (design.md), sarif (GitHub code scanning), junit, \
            github (workflow annotations). See docs/policy.md and docs/rules.md.
            """)

    @Option(help: ArgumentHelp("The deployment config.", valueName: "file"))
    var config: String = "advisor.yaml"

    @OptionGroup var rules: RuleOptions

    @Option(help: ArgumentHelp("Output format: text, json, sarif, junit or github.", valueName: "format"))
    var format: CheckFormat = .text

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Option(help: ArgumentHelp("The latency dataset (default: the config's dataset:, else seed-lab-2026-04).", valueName: "name"))
    var dataset: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Judge waivers and data age as of this date (default: today).", valueName: "date"))
    var asOf: String?

    @Flag(help: "Print how long each phase took to stderr.")
    var timings = false

    @OptionGroup var store: StoreOptions

    mutating func execute() throws -> Int32 {
        let now = try parseAsOf(asOf)
        var clock = PhaseClock(enabled: timings)
        let ruleSet = try rules.load()
        clock.lap("load rules")
        let deployment = try PolicyInput.readConfig(config, rules: ruleSet)
        clock.lap("read config")
        return try store.withStore { store in
            try mapErrors {
                let catalogue = try store.catalogue()
                try PolicyInput.validate(deployment, catalogue: catalogue, rules: ruleSet)
                let data = try store.dataset(named: dataset ?? deployment.dataset ?? BuiltinData.seedDatasetName)
                clock.lap("open store")
                let findings = PolicyEngine.check(deployment, rules: ruleSet,
                                                  environment: PolicyEnvironment(catalogue: catalogue, dataset: data), now: now)
                clock.lap("evaluate \(deployment.services.count) services x \(ruleSet.count) rules")
                defer {
                    clock.lap("render \(format.rawValue)")
                    clock.report()
                }
                let summary = FindingsReport.summary(findings, services: deployment.services.count, quotas: deployment.quotas.count,
                                                     strict: strict)
                let output: String
                switch format {
                case .text: output = FindingsReport.text(findings, summary: summary)
                case .json: output = FindingsReport.json(findings, summary: summary)
                case .sarif: output = FindingsReport.sarif(findings, rules: ruleSet, version: Advisor.configuration.version)
                case .junit: output = FindingsReport.junit(findings, rules: ruleSet, config: deployment, strict: strict)
                case .github: output = FindingsReport.github(findings, summary: summary)
                }
                print(output, terminator: "")
                return summary.failed ? CommandFailure.noAnswer : 0
            }
        }
    }
}

enum PolicyInput {
    static func readConfig(_ path: String, rules: [Rule]) throws -> DeploymentConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(code: CommandFailure.badInput, message: "--config: \(path) does not exist or cannot be read")
        }
        return try mapErrors {
            let config = try ConfigReader.read(String(decoding: data, as: UTF8.self), file: path)
            try ConfigReader.validate(config, ruleIds: rules.map(\.id) + [PolicyEngine.expiredWaiverRule], catalogue: nil)
            return config
        }
    }

    /// Residencies need the catalogue, which the store holds.
    static func validate(_ config: DeploymentConfig, catalogue: Catalogue, rules: [Rule]) throws {
        try ConfigReader.validate(config, ruleIds: rules.map(\.id) + [PolicyEngine.expiredWaiverRule], catalogue: catalogue)
    }

    static func hint(_ text: String, _ candidates: [String]) -> String {
        Suggest.hint(text, in: candidates)
    }
}

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List, show, test and document the policy rules.",
        subcommands: [RulesList.self, RulesShow.self, RulesTest.self, RulesDocs.self],
        defaultSubcommand: RulesList.self)
}

struct RulesList: ParsableCommand, AdvisorRunnable {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The rules: built-in and from --rules directories.")
    @OptionGroup var rules: RuleOptions

    mutating func execute() throws -> Int32 {
        print(RulesReport.list(try rules.load()), terminator: "")
        return 0
    }
}

struct RulesShow: ParsableCommand, AdvisorRunnable {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One rule: what it checks, why, how to fix it.")
    @Argument(help: ArgumentHelp("The rule id.", valueName: "id")) var id: String
    @OptionGroup var rules: RuleOptions

    mutating func execute() throws -> Int32 {
        let all = try rules.load()
        guard let rule = all.first(where: { $0.id == id }) else {
            throw CommandFailure(code: CommandFailure.badInput, message: "unknown rule '\(id)'" + PolicyInput.hint(id, all.map(\.id)))
        }
        print(RulesReport.show(rule), terminator: "")
        return 0
    }
}

struct RulesTest: ParsableCommand, AdvisorRunnable {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run every rule's examples: each must trigger, or not, as it says.",
        discussion: "Without DIR, tests the built-in rules. The examples run on the built-in catalogue and dataset (or the data an example brings).")

    @Argument(help: ArgumentHelp("A directory of rule files to test instead of the built-in ones.", valueName: "dir"))
    var directory: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date examples are judged on (default: today).", valueName: "date"))
    var asOf: String?

    mutating func execute() throws -> Int32 {
        let rules = try loadRules(directories: directory.map { [$0] } ?? [], includeBuiltin: directory == nil)
        let catalogue = try mapErrors { try BuiltinData.catalogue() }
        let dataset = try mapErrors { try BuiltinData.seedDataset() }
        let now = try parseAsOf(asOf)
        var failures: [RuleExamples.Failure] = []
        var examples = 0
        for rule in rules {
            examples += rule.examples.count
            failures += RuleExamples.run(rule, catalogue: catalogue, dataset: dataset, now: now)
        }
        for failure in failures { print("FAIL \(failure)") }
        print("\(examples - failures.count) passed, \(failures.count) failed")
        return failures.isEmpty ? 0 : CommandFailure.noAnswer
    }
}

struct RulesDocs: ParsableCommand, AdvisorRunnable {
    static let configuration = CommandConfiguration(commandName: "docs", abstract: "Print the rule reference (docs/rules.md) in Markdown.")
    @OptionGroup var rules: RuleOptions

    mutating func execute() throws -> Int32 {
        print(RulesReport.markdown(try rules.load()), terminator: "")
        return 0
    }
}

struct CapacityCommand: ParsableCommand, AdvisorRunnable {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "The quota math: per quota, the services sharing it, summed peaks, utilisation and the quota to request.")

    @Option(help: ArgumentHelp("The deployment config.", valueName: "file"))
    var config: String = "advisor.yaml"

    @OptionGroup var store: StoreOptions

    mutating func execute() throws -> Int32 {
        let deployment = try PolicyInput.readConfig(config, rules: try loadRules(directories: [], includeBuiltin: true))
        return try store.withStore { store in
            try mapErrors {
                let catalogue = try store.catalogue()
                let targets = deployment.services.map { PolicyFacts.target($0, catalogue: catalogue, residency: nil) }
                let rows = deployment.quotas.map { ($0, PolicyFacts.quota($0, services: deployment.services, targets: targets)) }
                print(RulesReport.capacity(rows), terminator: "")
                return 0
            }
        }
    }
}
