public import AdvisorCore
import Foundation

/// GitHub Actions workflow commands: annotations on the lines of advisor.yaml.
public enum GitHubReporter: FindingsReporter {
    public static let identifier = "github"
    public static let description = "GitHub Actions workflow commands (annotations)"

    public static func report(_ check: CheckReport) -> String {
        github(check.findings, summary: check.summary)
    }

    static func github(_ findings: [Finding], summary: FindingsSummary) -> String {
        var lines: [String] = []
        for finding in findings where !finding.waived {
            let level = finding.severity == .error ? "error" : (finding.severity == .warning ? "warning" : "notice")
            lines.append("::\(level) file=\(escapeProperty(finding.file)),line=\(finding.line),title=\(escapeProperty(finding.rule))::"
                         + escapeData("\(finding.subject): \(finding.message)"))
        }
        lines.append("advisor check: \(summary.errors) errors, \(summary.warnings) warnings, \(summary.notes) notes, \(summary.waived) waived")
        return lines.joined(separator: "\n") + "\n"
    }

    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
