import AdvisorCore

/// One line a finding, `file:line: severity: [rule] subject: message`, and a summary line.
public enum TextReporter: FindingsReporter {
    public static let identifier = "text"
    public static let description = "one line per finding and a summary, for people"

    public static func report(_ check: CheckOutcome) -> String {
        let summary = check.summary
        var lines = check.findings.map { finding in
            "\(finding.file):\(finding.line): \(finding.severity.rawValue): [\(finding.rule)] \(finding.subject): \(finding.message)"
                + (finding.waived ? " (waived: \(finding.waiverReason ?? ""))" : "")
        }
        let origin = summary.quotaSource == "service-quotas" ? " (imported from Service Quotas)" : ""
        lines.append(
            "\(count(summary.services, "service")), \(count(summary.quotas, "quota"))\(origin), "
                + "\(count(summary.rules, "rule")) applied: \(count(summary.errors, "error")), "
                + "\(count(summary.warnings, "warning")), \(count(summary.notes, "note")), \(summary.waived) waived")
        return lines.joined(separator: "\n") + "\n"
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
