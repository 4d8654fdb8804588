public import AdvisorCore
import Foundation

/// The `.tf` files behind a plan (`--terraform-dir`), read just enough to point a finding at the
/// resource's line and attribute (the way Checkov's `--repo-root-for-plan-enrichment` maps a plan
/// to source) and to read the waivers written beside a resource:
///
///     # advisor:waive residency.outside-geography reason="pilot, approved by DPO" expires=2027-01-31
///     resource "aws_bedrockagent_agent" "support" { … }
///
/// A waiver comment sits on the lines just above the resource or inside its block; reason and
/// expiry are required, as in advisor.yaml. Local module sources (`./modules/x`) are followed.
public struct TerraformSource: Sendable {
    /// One resource block: its file, first line, the lines of its attributes, its waivers.
    public struct Located: Sendable {
        public var file: String
        public var line: Int
        public var attributes: [String: Int]
        public var waivers: [Waiver]

        public func line(of attribute: String) -> Int { attributes[attribute] ?? line }
    }

    /// Blocks by module directory (relative to the root, "" for the root) and `type.name`.
    var blocks: [String: [String: Located]] = [:]
    /// Module path (["a", "b"]) joined by "/" → the directory of its source.
    var moduleDirectories: [String: String] = ["": ""]

    public init() {}

    /// Reads every `.tf` file of `directory` and of the local modules the plan's configuration calls.
    /// `files` gives each file's text (the caller reads them, bounded); paths are as given.
    public static func read(root: String, files: [(path: String, text: String)], moduleSources: [String: String]) throws(FormatError)
        -> TerraformSource
    {
        var source = TerraformSource()
        for (module, directory) in moduleSources { source.moduleDirectories[module] = directory }
        for file in files {
            let directory = PathText.directory(of: file.path)
            let relative = relativeDirectory(directory, root: root)
            for (key, located) in try blocks(in: file.text, file: file.path) {
                source.blocks[relative, default: [:]][key] = located
            }
        }
        return source
    }

    static func relativeDirectory(_ directory: String, root: String) -> String {
        let standardRoot = PathText.normalized(root), standard = PathText.normalized(directory)
        if standard == standardRoot { return "" }
        if standardRoot.isEmpty { return standard }
        if standard.hasPrefix(standardRoot + "/") { return String(standard.dropFirst(standardRoot.count + 1)) }
        return standard
    }

    /// The block of a planned resource, when its module's source is a local directory that was read.
    public func locate(address: String, type: String, modulePath: [String]) -> Located? {
        guard let directory = moduleDirectories[modulePath.joined(separator: "/")] else { return nil }
        let last = address.split(separator: ".").suffix(2)
        guard last.count == 2 else { return nil }
        let name = last.last!.split(separator: "[").first.map(String.init) ?? String(last.last!)
        return blocks[PathText.normalized(directory)]?["\(type).\(name)"]
    }

    static let resourceLine = try! NSRegularExpression(pattern: #"^\s*resource\s+"([^"]+)"\s+"([^"]+)"\s*\{"#)
    static let attributeLine = try! NSRegularExpression(pattern: #"^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*="#)
    static let waiverComment = try! NSRegularExpression(pattern: #"^\s*(?:#|//)\s*advisor:waive\s+(\S+)(.*)$"#)

    /// Every `resource` block of one file, with attribute lines (first occurrence) and waivers.
    static func blocks(in text: String, file: String) throws(FormatError) -> [String: Located] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [String: Located] = [:]
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let range = NSRange(line.startIndex..., in: line)
            guard let match = resourceLine.firstMatch(in: line, range: range),
                let type = Range(match.range(at: 1), in: line), let name = Range(match.range(at: 2), in: line)
            else {
                index += 1
                continue
            }
            var located = Located(file: file, line: index + 1, attributes: [:], waivers: [])
            // Waiver comments directly above the block.
            var above = index - 1
            while above >= 0,
                lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("#")
                    || lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("//")
            {
                if let waiver = try waiver(lines[above], line: above + 1, file: file) { located.waivers.append(waiver) }
                above -= 1
            }
            var depth = 0
            var cursor = index
            repeat {
                let current = lines[cursor]
                if cursor > index {
                    if let waiver = try waiver(current, line: cursor + 1, file: file) { located.waivers.append(waiver) }
                    let currentRange = NSRange(current.startIndex..., in: current)
                    if let attribute = attributeLine.firstMatch(in: current, range: currentRange),
                        let key = Range(attribute.range(at: 1), in: current), located.attributes[String(current[key])] == nil
                    {
                        located.attributes[String(current[key])] = cursor + 1
                    }
                }
                depth += braceBalance(current)
                cursor += 1
            } while depth > 0 && cursor < lines.count
            result["\(line[type]).\(line[name])"] = located
            index = cursor
        }
        return result
    }

    /// `{` minus `}` outside strings and comments.
    static func braceBalance(_ line: String) -> Int {
        var balance = 0
        var inString = false
        var escaped = false
        var previous: Character = " "
        for character in line {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "#" || (character == "/" && previous == "/") {
                break
            } else if character == "{" {
                balance += 1
            } else if character == "}" {
                balance -= 1
            }
            previous = character
        }
        return balance
    }

    /// `# advisor:waive RULE reason="…" expires=YYYY-MM-DD`, or nil for another comment.
    static func waiver(_ text: String, line: Int, file: String) throws(FormatError) -> Waiver? {
        let range = NSRange(text.startIndex..., in: text)
        guard let match = waiverComment.firstMatch(in: text, range: range), let rule = Range(match.range(at: 1), in: text),
            let rest = Range(match.range(at: 2), in: text)
        else { return nil }
        let fields = attributes(String(text[rest]))
        guard let reason = fields["reason"], !reason.isEmpty else {
            throw FormatError(
                file: file, line: line, field: "advisor:waive", message: "a waiver needs reason=\"…\" (and expires=YYYY-MM-DD)")
        }
        guard let expiresText = fields["expires"] else {
            throw FormatError(
                file: file, line: line, field: "advisor:waive", message: "a waiver needs expires=YYYY-MM-DD: it must not last forever")
        }
        guard let expires = RFC3339.parseDateOrDateTime(expiresText) else {
            throw FormatError(
                file: file, line: line, field: "advisor:waive",
                message: "expires='\(Sanitize.excerpt(expiresText))' is not a date such as 2027-01-31")
        }
        return Waiver(rule: String(text[rule]), reason: reason, expires: expires, line: line)
    }

    /// `reason="a b" expires=2027-01-31` → ["reason": "a b", "expires": "2027-01-31"].
    static func attributes(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(text)
        while let equals = rest.firstIndex(of: "=") {
            let key = rest[..<equals].split(separator: " ").last.map(String.init) ?? ""
            var value = rest[rest.index(after: equals)...]
            let text: Substring
            if value.first == "\"" {
                value = value.dropFirst()
                let end = value.firstIndex(of: "\"") ?? value.endIndex
                text = value[..<end]
                rest = end < value.endIndex ? value[value.index(after: end)...] : ""
            } else {
                let end = value.firstIndex(of: " ") ?? value.endIndex
                text = value[..<end]
                rest = value[end...]
            }
            result[key] = String(text)
        }
        return result
    }
}
