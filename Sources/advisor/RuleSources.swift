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
