import AdvisorApp
import AdvisorCore
import AdvisorReporting
import ArgumentParser
import Foundation

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
        print(RulesOutput.list(try rules.load()), terminator: "")
    }
}

struct RulesShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One rule: what it checks, why, how to fix it.")
    @Argument(help: ArgumentHelp("The rule id.", valueName: "id")) var id: String
    @OptionGroup var rules: RuleOptions

    mutating func run() throws {
        let all = try rules.load()
        guard let rule = PolicyEngine.descriptors(all).first(where: { $0.id == id }) else {
            throw CommandFailure.badInput("unknown rule '\(id)'" + Suggest.hint(id, in: PolicyEngine.ruleIds(all)))
        }
        print(RulesOutput.show(rule, definition: all.first { $0.id == id }), terminator: "")
    }
}

struct RulesTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run every rule's examples: each must trigger, or not, as it says.",
        discussion:
            "Without DIR, tests the built-in rules. The examples run on the built-in catalogue and dataset (or the data an example brings)."
    )

    @Argument(help: ArgumentHelp("A rule file or directory of rule files to test instead of the built-in ones.", valueName: "path"))
    var directory: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date examples are judged on (default: today).", valueName: "date"))
    var asOf: String?

    mutating func run() throws {
        let rules = try PolicyRules.load(sources: directory.map { [$0] } ?? [], includeBuiltin: directory == nil, flag: "rules test")
        let (catalogue, dataset) = try PolicyRules.exampleData()
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
        print(RulesOutput.markdown(try rules.load()), terminator: "")
    }
}
