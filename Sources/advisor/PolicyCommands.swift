import AdvisorCore
import AdvisorFormats
import AdvisorReporting
import AdvisorStore
import ArgumentParser
import Foundation

/// Loads the built-in rules and the user's rule files and directories.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"),
            help: ArgumentHelp("A rule file, or a directory of rule files, of your own (repeatable).", valueName: "path"))
    var sources: [String] = []

    func load(includeBuiltin: Bool = true) throws -> [Rule] {
        try loadRules(sources: sources, includeBuiltin: includeBuiltin)
    }
}

/// Every rule source named must load, or the command fails: a gate that silently skipped a rule
/// file would pass what it never checked. A directory is read recursively for `.yaml` and `.yml`
/// files and must hold at least one; a file is read whatever its name.
func loadRules(sources: [String], includeBuiltin: Bool, flag: String = "--rules") throws -> [Rule] {
    var files: [(name: String, text: String)] = includeBuiltin ? BuiltinData.ruleFiles : []
    for source in sources {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            throw CommandFailure.badInput("\(flag): \(source) does not exist; expected a rule file or a directory of them")
        }
        guard isDirectory.boolValue else {
            files.append((name: source, text: try InputFile.text(source, flag: flag)))
            continue
        }
        guard let walker = FileManager.default.enumerator(atPath: source) else {
            throw CommandFailure.badInput("\(flag): \(source) is not a readable directory")
        }
        var found = 0
        for case let relative as String in walker where relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
            let path = (source as NSString).appendingPathComponent(relative)
            var isSubdirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isSubdirectory), !isSubdirectory.boolValue else { continue }
            files.append((name: path, text: try InputFile.text(path, flag: flag)))
            found += 1
        }
        guard found > 0 else {
            throw CommandFailure.badInput("\(flag): \(source) holds no rule files (*.yaml or *.yml)")
        }
    }
    return try RuleReader.readAll(files)
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
        throw CommandFailure.badInput("--as-of: '\(text)' is not a date such as 2026-11-22")
    }
    return date
}

enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, junit, github
}

struct CheckCommand: ParsableCommand {
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

    mutating func run() throws {
        let now = try parseAsOf(asOf)
        var clock = PhaseClock(enabled: timings)
        let ruleSet = try rules.load()
        clock.lap("load rules")
        let deployment = try PolicyInput.readConfig(config, rules: ruleSet)
        clock.lap("read config")
        try store.withStore { store in
            let catalogue = try store.catalogue(named: deployment.catalogue, field: "\(deployment.file): catalogue")
            try PolicyInput.validate(deployment, catalogue: catalogue, rules: ruleSet)
            let data = try dataset.map { name throws(StoreError) in try store.dataset(named: name) }
                ?? deployment.dataset.map { name throws(StoreError) in
                    try store.dataset(named: name, field: "\(deployment.file): dataset")
                }
                ?? store.dataset(named: BuiltinData.seedDatasetName)
            clock.lap("open store")
            let findings = PolicyEngine.check(deployment, rules: ruleSet,
                                              environment: PolicyEnvironment(catalogue: catalogue, dataset: data), now: now)
            clock.lap("evaluate \(deployment.services.count) services x \(ruleSet.count) rules")
            defer {
                clock.lap("render \(format.rawValue)")
                clock.report()
            }
            let applied = ruleSet.filter { rule in
                if case .off? = deployment.ruleSettings[rule.id] { return false }
                return true
            }.count
            let summary = FindingsReport.summary(findings, services: deployment.services.count, quotas: deployment.quotas.count,
                                                 rules: applied, strict: strict)
            let output: String
            switch format {
            case .text: output = FindingsReport.text(findings, summary: summary)
            case .json: output = FindingsReport.json(findings, summary: summary)
            case .sarif: output = FindingsReport.sarif(findings, rules: ruleSet, version: Advisor.configuration.version)
            case .junit: output = FindingsReport.junit(findings, rules: ruleSet, config: deployment, strict: strict)
            case .github: output = FindingsReport.github(findings, summary: summary)
            }
            print(output, terminator: "")
            if summary.failed { throw ExitCodes.no }
        }
    }
}

enum PolicyInput {
    static func readConfig(_ path: String, rules: [Rule]) throws -> DeploymentConfig {
        let text = try InputFile.text(path, flag: "--config")
        let config = try ConfigReader.read(text, file: path)
        try ConfigReader.validate(config, ruleIds: rules.map(\.id) + [PolicyEngine.expiredWaiverRule], catalogue: nil)
        return config
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

struct RulesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The rules: built-in and from --rules directories.")
    @OptionGroup var rules: RuleOptions

    mutating func run() throws {
        print(RulesReport.list(try rules.load()), terminator: "")
    }
}

struct RulesShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One rule: what it checks, why, how to fix it.")
    @Argument(help: ArgumentHelp("The rule id.", valueName: "id")) var id: String
    @OptionGroup var rules: RuleOptions

    mutating func run() throws {
        let all = try rules.load()
        guard let rule = all.first(where: { $0.id == id }) else {
            throw CommandFailure.badInput("unknown rule '\(id)'" + PolicyInput.hint(id, all.map(\.id)))
        }
        print(RulesReport.show(rule), terminator: "")
    }
}

struct RulesTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run every rule's examples: each must trigger, or not, as it says.",
        discussion: "Without DIR, tests the built-in rules. The examples run on the built-in catalogue and dataset (or the data an example brings).")

    @Argument(help: ArgumentHelp("A rule file or directory of rule files to test instead of the built-in ones.", valueName: "path"))
    var directory: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date examples are judged on (default: today).", valueName: "date"))
    var asOf: String?

    mutating func run() throws {
        let rules = try loadRules(sources: directory.map { [$0] } ?? [], includeBuiltin: directory == nil, flag: "rules test")
        let catalogue = try BuiltinData.catalogue()
        let dataset = try BuiltinData.seedDataset()
        let now = try parseAsOf(asOf)
        var failures: [RuleExamples.Failure] = []
        var examples = 0
        for rule in rules {
            examples += rule.examples.count
            failures += RuleExamples.run(rule, catalogue: catalogue, dataset: dataset, now: now)
        }
        for failure in failures { print("FAIL \(failure)") }
        print("tested \(rules.count) rule\(rules.count == 1 ? "" : "s") with \(examples) example\(examples == 1 ? "" : "s")")
        print("\(examples - failures.count) passed, \(failures.count) failed")
        if !(failures.isEmpty) { throw ExitCodes.no }
    }
}

struct RulesDocs: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "docs", abstract: "Print the rule reference (docs/rules.md) in Markdown.")
    @OptionGroup var rules: RuleOptions

    mutating func run() throws {
        print(RulesReport.markdown(try rules.load()), terminator: "")
    }
}

struct CapacityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "The quota math: per quota, the services sharing it, summed peaks, utilisation and the quota to request.")

    @Option(help: ArgumentHelp("The deployment config.", valueName: "file"))
    var config: String = "advisor.yaml"

    @OptionGroup var store: StoreOptions

    mutating func run() throws {
        let deployment = try PolicyInput.readConfig(config, rules: try loadRules(sources: [], includeBuiltin: true))
        try store.withStore { store in
            let catalogue = try store.catalogue(named: deployment.catalogue, field: "\(deployment.file): catalogue")
            let targets = deployment.services.map { PolicyFacts.target($0, catalogue: catalogue, residency: nil) }
            let rows = deployment.quotas.map { ($0, PolicyFacts.quota($0, services: deployment.services, targets: targets)) }
            print(RulesReport.capacity(rows), terminator: "")
        }
    }
}
