public import AdvisorCore

/// docs/rules.md and `advisor rules list|show`, generated from the rule files themselves.
public enum RulesOutput {
    /// Every rule loaded, then the engine's own (PolicyEngine.engineRules).
    public static func list(_ rules: [Rule]) -> String {
        TextTable(
            headers: ["rule", "severity", "applies to", "title"],
            rows: PolicyEngine.descriptors(rules).map { [$0.id, $0.severity.rawValue, $0.subject.rawValue, $0.title] }
        )
        .rendered() + "\n"
    }

    /// A rule file's rule with its condition and examples, or an engine rule, which has neither.
    public static func show(_ rule: RuleDescriptor, definition: Rule?) -> String {
        var lines = [
            "\(rule.id) (\(rule.severity.rawValue), per \(rule.subject.rawValue))", rule.title, "",
            rule.description, "", "Why: \(rule.rationale)", "Fix: \(rule.remediation)",
        ]
        if let docs = rule.docs { lines.append("Docs: \(docs)") }
        if let definition {
            lines += [
                "", "Condition: \(definition.conditionSource)", "Message:   \(definition.message.source)",
                "Examples:  \(definition.examples.filter(\.triggers).count) that trigger, "
                    + "\(definition.examples.filter { !$0.triggers }.count) that do not",
                "File:      \(definition.file)",
            ]
        } else {
            lines += ["", "Built into the engine: raised by advisor itself, not by a condition."]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rule reference. A test fails when docs/rules.md differs from this.
    public static func markdown(_ rules: [Rule]) -> String {
        let descriptors = PolicyEngine.descriptors(rules)
        var lines = [
            "# Rule reference", "",
            "Generated from `Rules/` by `advisor rules docs > docs/rules.md`; a test fails when this file is stale.",
            "Severities can be changed, and rules switched off, under `rules:` in advisor.yaml (docs/policy.md).", "",
            "| rule | severity | applies to | title |", "|---|---|---|---|",
        ]
        for rule in descriptors {
            lines.append("| [`\(rule.id)`](#\(anchor(rule.id))) | \(rule.severity.rawValue) | \(rule.subject.rawValue) | \(rule.title) |")
        }
        var pack = ""
        for rule in descriptors {
            if rule.pack != pack {
                pack = rule.pack
                lines += ["", "## \(pack.prefix(1).uppercased() + pack.dropFirst())"]
            }
            lines += [
                "", "### \(rule.id)", "", "**\(rule.title)** — \(rule.severity.rawValue), per \(rule.subject.rawValue).", "",
                rule.description, "", "*Why:* \(rule.rationale)", "", "*Fix:* \(rule.remediation)", "",
            ]
            if let docs = rule.docs { lines += ["*See:* \(docs)", ""] }
            if let definition = rules.first(where: { $0.id == rule.id }) {
                lines += ["```", "condition: \(definition.conditionSource)", "message:   \(definition.message.source)", "```"]
            } else {
                lines += ["*Built into the engine:* raised by advisor itself, not by a condition."]
            }
        }
        lines += [
            "", "## Fields rules can read", "",
            "Generated from PolicySchema, the one declaration advisor.yaml is read by, conditions are checked",
            "against and the engine fills in. A service rule reads `service`, `target`, `data`, `advice`,",
            "`observed` and `simulated`; a quota rule reads `quota`. Any field may be null (docs/policy.md,",
            "\"Missing fields\").",
        ]
        for root in [
            PolicySchema.service, PolicySchema.target, PolicySchema.data, PolicySchema.advice, PolicySchema.observed,
            PolicySchema.simulated, PolicySchema.quota,
        ] {
            lines += ["", "### `\(root.name)`: \(root.summary)", "", "| field | type | meaning |", "|---|---|---|"]
            lines += schemaRows(root.children, prefix: root.name)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func schemaRows(_ fields: [SchemaField], prefix: String) -> [String] {
        fields.flatMap { field -> [String] in
            let path = prefix + "." + field.name
            if case .object(let children) = field.kind { return schemaRows(children, prefix: path) }
            var meaning = field.summary
            if let choices = field.choices { meaning += " (" + choices.map { "`\($0)`" }.joined(separator: ", ") + ")" }
            if field.required { meaning += "; required in advisor.yaml" }
            return ["| `\(path)` | \(field.valueType) | \(meaning) |"]
        }
    }

    static func anchor(_ id: String) -> String {
        id.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" }
    }
}
