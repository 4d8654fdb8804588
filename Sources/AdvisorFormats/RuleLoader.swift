public import AdvisorCore
import Foundation

/// The one way rules are loaded, by the CLI and the tests alike: the built-in rules (Rules/,
/// embedded) and any rule files or directories the user names. Every source named must load, or
/// loading fails: a gate that silently skipped a rule file would pass what it never checked.
public enum RuleLoader {
    /// Rule files are YAML: `.yaml` or `.yml` in any case (`R.YAML` from a Windows share is one),
    /// everywhere (Rules/, --rules directories).
    public static func isRuleFile(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml")
    }

    /// The built-in rules alone.
    public static func builtin() throws(FormatError) -> [Rule] {
        try load(sources: [], includeBuiltin: true)
    }

    /// A directory is read recursively and must hold at least one rule file; a file is read whatever
    /// its name. A repeated id, across sources too, is an error naming both files. Errors about a
    /// source itself name `flag` (`--rules`, `rules test`).
    public static func load(sources: [String], includeBuiltin: Bool, flag: String = "--rules") throws(FormatError) -> [Rule] {
        var files: [(name: String, text: String)] = includeBuiltin ? BuiltinData.ruleFiles : []
        for source in sources {
            files += try read(source, flag: flag)
        }
        return try RuleReader.readAll(files)
    }

    static func read(_ source: String, flag: String) throws(FormatError) -> [(name: String, text: String)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            throw FormatError(file: flag, message: "\(source) does not exist; expected a rule file or a directory of them")
        }
        guard isDirectory.boolValue else { return [(name: source, text: try text(source, flag: flag))] }
        guard let walker = FileManager.default.enumerator(atPath: source) else {
            throw FormatError(file: flag, message: "\(source) is not a readable directory")
        }
        var files: [(name: String, text: String)] = []
        for case let relative as String in walker where isRuleFile(relative) {
            let path = PathText.join(source, relative)
            var isSubdirectory: ObjCBool = false
            // A directory named like a rule file is walked into; anything else (a dangling link, an
            // unreadable file) is read and fails with its reason rather than being skipped.
            if FileManager.default.fileExists(atPath: path, isDirectory: &isSubdirectory), isSubdirectory.boolValue { continue }
            files.append((name: path, text: try text(path, flag: flag)))
        }
        guard !files.isEmpty else {
            throw FormatError(file: flag, message: "\(source) holds no rule files (*.yaml or *.yml)")
        }
        return files.sorted { $0.name < $1.name }
    }

    static func text(_ path: String, flag: String) throws(FormatError) -> String {
        do {
            return try BoundedFile.text(path)
        } catch {
            throw FormatError(file: flag, message: error.description)
        }
    }
}
