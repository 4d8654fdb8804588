import AdvisorCore

/// The JSON of docs/data-formats.md: findings (each naming its `service` or its `quota`) and the summary.
public enum JSONReporter: FindingsReporter {
    public static let identifier = "json"
    public static let description = "findings and summary as JSON, as docs/data-formats.md describes"

    public static func report(_ check: CheckOutcome) -> String {
        let summary = check.summary
        return JSONValue.object([
            (
                "findings",
                .elements(check.findings.count) { index in
                    let finding = check.findings[index]
                    var members: [(String, JSONValue)] = [
                        ("rule", .string(finding.rule)), ("severity", .string(finding.severity.rawValue)),
                        (finding.subjectKind.rawValue, .string(finding.subject)), ("message", .string(finding.message)),
                        ("file", .string(finding.file)), ("line", .int(finding.line)), ("waived", .bool(finding.waived)),
                    ]
                    if let reason = finding.waiverReason { members.append(("waiver_reason", .string(reason))) }
                    return .object(members)
                }
            ),
            (
                "summary",
                .object(
                    [
                        ("services", .int(summary.services)), ("quotas", .int(summary.quotas)), ("rules", .int(summary.rules)),
                        ("errors", .int(summary.errors)), ("warnings", .int(summary.warnings)), ("notes", .int(summary.notes)),
                        ("waived", .int(summary.waived)), ("failed", .bool(summary.failed)),
                    ] + (summary.quotaSource.map { [("quota_source", JSONValue.string($0))] } ?? []))
            ),
        ]).rendered() + "\n"
    }
}
