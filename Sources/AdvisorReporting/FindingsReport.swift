import Foundation
public import AdvisorCore

/// The outputs of `advisor check`: text for people, JSON (design.md), SARIF 2.1.0 for code scanning,
/// JUnit XML for test dashboards, and GitHub Actions workflow commands.
public enum FindingsReport {
    public struct Summary: Sendable {
        public var errors = 0, warnings = 0, notes = 0, waived = 0
        public var services = 0, quotas = 0
        /// The rules applied (loaded and not turned off): a gate says what it checked.
        public var rules = 0
        public var failed = false
    }

    public static func summary(_ findings: [Finding], services: Int, quotas: Int, rules: Int, strict: Bool) -> Summary {
        var summary = Summary()
        summary.services = services
        summary.quotas = quotas
        summary.rules = rules
        for finding in findings {
            if finding.waived { summary.waived += 1; continue }
            switch finding.severity {
            case .error: summary.errors += 1
            case .warning: summary.warnings += 1
            case .note: summary.notes += 1
            }
        }
        summary.failed = summary.errors > 0 || (strict && summary.warnings > 0)
        return summary
    }

    public static func text(_ findings: [Finding], summary: Summary) -> String {
        var lines = findings.map { finding in
            "\(finding.file):\(finding.line): \(finding.severity.rawValue): [\(finding.rule)] \(finding.subject): \(finding.message)"
                + (finding.waived ? " (waived: \(finding.waiverReason ?? ""))" : "")
        }
        lines.append("\(summary.services) service\(summary.services == 1 ? "" : "s"), \(summary.quotas) quota\(summary.quotas == 1 ? "" : "s"), "
                     + "\(summary.rules) rule\(summary.rules == 1 ? "" : "s") applied: "
                     + "\(summary.errors) error\(summary.errors == 1 ? "" : "s"), \(summary.warnings) warning\(summary.warnings == 1 ? "" : "s"), "
                     + "\(summary.notes) note\(summary.notes == 1 ? "" : "s"), \(summary.waived) waived")
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ findings: [Finding], summary: Summary) -> String {
        JSONValue.object([
            ("findings", .array(findings.map { finding in
                var members: [(String, JSONValue)] = [
                    ("rule", .string(finding.rule)), ("severity", .string(finding.severity.rawValue)),
                    ("service", .string(finding.subject)), ("message", .string(finding.message)),
                    ("file", .string(finding.file)), ("line", .int(finding.line)), ("waived", .bool(finding.waived)),
                ]
                if let reason = finding.waiverReason { members.append(("waiver_reason", .string(reason))) }
                return .object(members)
            })),
            ("summary", .object([
                ("services", .int(summary.services)), ("quotas", .int(summary.quotas)), ("rules", .int(summary.rules)),
                ("errors", .int(summary.errors)),
                ("warnings", .int(summary.warnings)), ("notes", .int(summary.notes)), ("waived", .int(summary.waived)),
                ("failed", .bool(summary.failed)),
            ])),
        ]).rendered() + "\n"
    }

    /// GitHub Actions workflow commands: annotations on the lines of advisor.yaml.
    public static func github(_ findings: [Finding], summary: Summary) -> String {
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

    /// JUnit XML: one testcase per service × rule (and quota × rule), failing on an unwaived error
    /// (or warning with `strict`); waived findings are skipped with their reason.
    public static func junit(_ findings: [Finding], rules: [Rule], config: DeploymentConfig, strict: Bool) -> String {
        var cases: [String] = []
        var failures = 0, skipped = 0
        let subjects: [(String, RuleSubject)] = config.services.map { ($0.name, .service) } + config.quotas.map { ($0.label, .quota) }
        var extraRules = rules.map(\.id)
        if findings.contains(where: { $0.rule == PolicyEngine.expiredWaiverRule }) { extraRules.append(PolicyEngine.expiredWaiverRule) }
        for (subject, kind) in subjects {
            for ruleId in extraRules {
                let rule = rules.first { $0.id == ruleId }
                if let rule, rule.subject != kind { continue }
                if rule == nil && kind == .quota { continue }
                let matching = findings.filter { $0.subject == subject && $0.rule == ruleId }
                var body = ""
                let failing = matching.filter { !$0.waived && ($0.severity == .error || (strict && $0.severity == .warning)) }
                if !failing.isEmpty {
                    failures += 1
                    body = failing.map { "<failure type=\"\($0.severity.rawValue)\" message=\"\(xml($0.message))\">\(xml($0.file)):\($0.line): \(xml($0.message))</failure>" }.joined()
                } else if let waived = matching.first(where: \.waived) {
                    skipped += 1
                    body = "<skipped message=\"waived: \(xml(waived.waiverReason ?? ""))\"/>"
                } else if !matching.isEmpty {
                    body = "<system-out>\(matching.map { "\($0.severity.rawValue): \(xml($0.message))" }.joined(separator: "\n"))</system-out>"
                }
                cases.append("    <testcase classname=\"\(xml(subject))\" name=\"\(xml(ruleId))\" file=\"\(xml(config.file))\">\(body)</testcase>")
            }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="advisor check" tests="\(cases.count)" failures="\(failures)" skipped="\(skipped)">
              <testsuite name="\(xml(config.file))" tests="\(cases.count)" failures="\(failures)" skipped="\(skipped)">
            \(cases.joined(separator: "\n"))
              </testsuite>
            </testsuites>

            """
    }

    /// Escaped for XML 1.0, where control characters other than tab and newlines cannot appear at
    /// all (not even as `&#27;`): they are written as visible escapes.
    static func xml(_ text: String) -> String {
        Sanitize.visible(text).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// SARIF 2.1.0 as GitHub code scanning reads it: rules described in the driver, one result per
    /// finding located at its line, waived findings as external suppressions.
    public static func sarif(_ findings: [Finding], rules: [Rule], version: String) -> String {
        var ruleIds = rules.map(\.id)
        if findings.contains(where: { $0.rule == PolicyEngine.expiredWaiverRule }) { ruleIds.append(PolicyEngine.expiredWaiverRule) }
        let descriptors: [JSONValue] = ruleIds.map { id in
            guard let rule = rules.first(where: { $0.id == id }) else {
                return .object([("id", .string(id)), ("name", .string("WaiverExpired")),
                                ("shortDescription", .object([("text", .string("A waiver in advisor.yaml has expired"))])),
                                ("defaultConfiguration", .object([("level", .string("error"))]))])
            }
            var members: [(String, JSONValue)] = [
                ("id", .string(rule.id)),
                ("name", .string(rule.id.split(whereSeparator: { $0 == "." || $0 == "-" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())),
                ("shortDescription", .object([("text", .string(rule.title))])),
                ("fullDescription", .object([("text", .string(rule.description + " " + rule.rationale))])),
                ("help", .object([("text", .string(rule.remediation)), ("markdown", .string("**Fix:** \(rule.remediation)"))])),
                ("defaultConfiguration", .object([("level", .string(level(rule.severity)))])),
                ("properties", .object([("tags", .array([.string(String(rule.id.split(separator: ".").first ?? ""))]))])),
            ]
            if let docs = rule.docs, docs.hasPrefix("https://") { members.insert(("helpUri", .string(docs)), at: 5) }
            return .object(members)
        }
        let results: [JSONValue] = findings.map { finding in
            var members: [(String, JSONValue)] = [
                ("ruleId", .string(finding.rule)),
                ("ruleIndex", .int(ruleIds.firstIndex(of: finding.rule) ?? 0)),
                ("level", .string(level(finding.severity))),
                ("message", .object([("text", .string("\(finding.subject): \(finding.message)"))])),
                ("locations", .array([.object([("physicalLocation", .object([
                    ("artifactLocation", .object([("uri", .string(finding.file))])),
                    ("region", .object([("startLine", .int(max(1, finding.line)))])),
                ]))])])),
                ("partialFingerprints", .object([("advisorFinding/v1", .string(ContentFingerprint.fnv1a64("\(finding.rule)|\(finding.subject)")))])),
            ]
            if finding.waived {
                members.append(("suppressions", .array([.object([("kind", .string("external")),
                                                                 ("justification", .string(finding.waiverReason ?? ""))])])))
            }
            return .object(members)
        }
        return JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("advisor")),
                    ("version", .string(version)),
                    ("informationUri", .string("https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference.html")),
                    ("rules", .array(descriptors)),
                ]))])),
                ("results", .array(results)),
            ])])),
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
