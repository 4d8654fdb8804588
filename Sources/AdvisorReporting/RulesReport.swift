public import AdvisorCore

/// docs/rules.md and `advisor rules list|show`, generated from the rule files themselves.
public enum RulesReport {
    public static func list(_ rules: [Rule]) -> String {
        TextTable(headers: ["rule", "severity", "applies to", "title"],
                  rows: rules.map { [$0.id, $0.severity.rawValue, $0.subject.rawValue, $0.title] }).rendered() + "\n"
    }

    public static func show(_ rule: Rule) -> String {
        var lines = ["\(rule.id) (\(rule.severity.rawValue), per \(rule.subject.rawValue))", rule.title, "",
                     rule.description, "", "Why: \(rule.rationale)", "Fix: \(rule.remediation)"]
        if let docs = rule.docs { lines.append("Docs: \(docs)") }
        lines += ["", "Condition: \(rule.conditionSource)", "Message:   \(rule.message.source)",
                  "Examples:  \(rule.examples.filter(\.triggers).count) that trigger, \(rule.examples.filter { !$0.triggers }.count) that do not",
                  "File:      \(rule.file)"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rule reference. A test fails when docs/rules.md differs from this.
    public static func markdown(_ rules: [Rule]) -> String {
        var lines = ["# Rule reference", "",
                     "Generated from `Rules/` by `advisor rules docs > docs/rules.md`; a test fails when this file is stale.",
                     "Severities can be changed, and rules switched off, under `rules:` in advisor.yaml (docs/policy.md).", "",
                     "| rule | severity | applies to | title |", "|---|---|---|---|"]
        for rule in rules {
            lines.append("| [`\(rule.id)`](#\(anchor(rule.id))) | \(rule.severity.rawValue) | \(rule.subject.rawValue) | \(rule.title) |")
        }
        lines.append("| `\(PolicyEngine.expiredWaiverRule)` | error | service | A waiver in advisor.yaml has expired (built into the engine) |")
        var pack = ""
        for rule in rules {
            let thisPack = String(rule.id.split(separator: ".").first ?? "")
            if thisPack != pack {
                pack = thisPack
                lines += ["", "## \(pack.prefix(1).uppercased() + pack.dropFirst())"]
            }
            lines += ["", "### \(rule.id)", "", "**\(rule.title)** — \(rule.severity.rawValue), per \(rule.subject.rawValue).", "",
                      rule.description, "", "*Why:* \(rule.rationale)", "", "*Fix:* \(rule.remediation)", ""]
            if let docs = rule.docs { lines += ["*See:* \(docs)", ""] }
            lines += ["```", "condition: \(rule.conditionSource)", "message:   \(rule.message.source)", "```"]
        }
        lines += ["", "### \(PolicyEngine.expiredWaiverRule)", "",
                  "**A waiver has expired** — error, per service. A waiver whose `expires` date has passed no longer waives "
                    + "its finding, and is reported itself, so a temporary exception cannot become permanent by being forgotten."]
        return lines.joined(separator: "\n") + "\n"
    }

    static func anchor(_ id: String) -> String {
        id.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" }
    }

    /// `advisor capacity`: per quota, who shares it, summed peaks, utilisation and the quota to ask for.
    public static func capacity(_ quotas: [(QuotaConfig, Value)]) -> String {
        guard !quotas.isEmpty else { return "No quotas in the config (add them under quotas:).\n" }
        let rows: [[String]] = quotas.map { quota, facts in
            func number(_ key: String) -> String { facts[key] == .null ? "—" : facts[key].description }
            func percent(_ key: String) -> String {
                guard case .number(let value) = facts[key] else { return "—" }
                return "\(Int(saturating: (value * 100).rounded()))%"
            }
            let services: String
            if case .list(let names) = facts["services"] { services = names.map(\.description).joined(separator: ", ") } else { services = "" }
            return [quota.profile ?? quota.model, quota.region, services.isEmpty ? "—" : services,
                    number("peak_rpm"), number("rpm"), percent("rpm_utilisation"), number("recommended_rpm"),
                    number("peak_tpm"), number("tpm"), percent("tpm_utilisation"), number("recommended_tpm")]
        }
        return TextTable(headers: ["quota", "region", "services", "peak RPM", "RPM quota", "used", "plan RPM",
                                   "peak TPM", "TPM quota", "used", "plan TPM"],
                         rows: rows, rightAligned: [3, 4, 5, 6, 7, 8, 9, 10]).rendered()
            + "\n\nPeaks are summed over the services calling the quota's model from its region; peak TPM = peak RPM × "
            + "(input + output tokens). Plan = summed peak + \(Int(PolicyFacts.headroom * 100))% headroom, to two significant figures.\n"
    }
}
