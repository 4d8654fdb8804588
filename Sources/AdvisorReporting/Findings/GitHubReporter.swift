import AdvisorCore
import Foundation

/// GitHub Actions workflow commands: an annotation on the line of advisor.yaml for each unwaived
/// finding, then a summary line.
public enum GitHubReporter: FindingsReporter {
    public static let identifier = "github"
    public static let description = "GitHub Actions workflow commands: annotations on the lines"

    public static func report(_ check: CheckOutcome) -> String {
        var lines: [String] = []
        for finding in check.findings where !finding.waived {
            let level = finding.severity == .error ? "error" : (finding.severity == .warning ? "warning" : "notice")
            lines.append(
                "::\(level) file=\(escapeProperty(finding.file)),line=\(finding.line),title=\(escapeProperty(finding.rule))::"
                    + escapeData("\(finding.subject): \(finding.message)"))
        }
        let summary = check.summary
        lines.append(
            "advisor check: \(summary.errors) errors, \(summary.warnings) warnings, \(summary.notes) notes, \(summary.waived) waived")
        return lines.joined(separator: "\n") + "\n"
    }

    /// GitHub's escaping of a workflow command's message.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// And of a property (file, title), where `:` and `,` separate.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
