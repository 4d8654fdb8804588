import AdvisorApp
import AdvisorCore
import ArgumentParser

/// The user's rule files and directories, added to the built-in rules (RuleLoader).
struct RuleOptions: ParsableArguments {
    @Option(
        name: .customLong("rules"),
        help: ArgumentHelp("A rule file, or a directory of rule files, of your own (repeatable).", valueName: "path"))
    var sources: [String] = []

    func load(includeBuiltin: Bool = true) throws -> [Rule] {
        try PolicyRules.load(sources: sources, includeBuiltin: includeBuiltin)
    }
}
