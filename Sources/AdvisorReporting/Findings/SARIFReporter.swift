import AdvisorCore

/// SARIF 2.1.0 as GitHub code scanning reads it: rules described in the driver, one result per
/// finding located at its line, waived findings as external suppressions.
public enum SARIFReporter: FindingsReporter {
    public static let identifier = "sarif"
    public static let description = "SARIF 2.1.0, for GitHub code scanning"

    public static func report(_ check: CheckOutcome) -> String {
        let ruleIds = check.rules.map(\.id)
        let descriptors: [JSONValue] = check.rules.map { rule in
            var members: [(String, JSONValue)] = [
                ("id", .string(rule.id)),
                (
                    "name",
                    .string(
                        rule.id.split(whereSeparator: { $0 == "." || $0 == "-" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
                            .joined())
                ),
                ("shortDescription", .object([("text", .string(rule.title))])),
                ("fullDescription", .object([("text", .string(rule.description + " " + rule.rationale))])),
                ("help", .object([("text", .string(rule.remediation)), ("markdown", .string("**Fix:** \(rule.remediation)"))])),
                ("defaultConfiguration", .object([("level", .string(level(rule.severity)))])),
                ("properties", .object([("tags", .array([.string(rule.pack)]))])),
            ]
            if let docs = rule.docs, docs.hasPrefix("https://") { members.insert(("helpUri", .string(docs)), at: 5) }
            return .object(members)
        }
        let results: [JSONValue] = check.findings.map { finding in
            var members: [(String, JSONValue)] = [
                ("ruleId", .string(finding.rule)),
                ("ruleIndex", .int(ruleIds.firstIndex(of: finding.rule) ?? 0)),
                ("level", .string(level(finding.severity))),
                ("message", .object([("text", .string("\(finding.subject): \(finding.message)"))])),
                (
                    "locations",
                    .array([
                        .object([
                            (
                                "physicalLocation",
                                .object([
                                    ("artifactLocation", .object([("uri", .string(finding.file))])),
                                    ("region", .object([("startLine", .int(max(1, finding.line)))])),
                                ])
                            )
                        ])
                    ])
                ),
                (
                    "partialFingerprints",
                    .object([("advisorFinding/v1", .string(ContentFingerprint.fnv1a64("\(finding.rule)|\(finding.subject)")))])
                ),
            ]
            if finding.waived {
                members.append(
                    (
                        "suppressions",
                        .array([
                            .object([
                                ("kind", .string("external")),
                                ("justification", .string(finding.waiverReason ?? "")),
                            ])
                        ])
                    ))
            }
            return .object(members)
        }
        return JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            (
                "runs",
                .array([
                    .object([
                        (
                            "tool",
                            .object([
                                (
                                    "driver",
                                    .object([
                                        ("name", .string("advisor")),
                                        ("version", .string(check.toolVersion)),
                                        (
                                            "informationUri",
                                            .string("https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference.html")
                                        ),
                                        ("rules", .array(descriptors)),
                                    ])
                                )
                            ])
                        ),
                        ("results", .array(results)),
                    ])
                ])
            ),
        ]).rendered() + "\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "note"
        }
    }
}
