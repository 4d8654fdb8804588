public import Foundation
import Dispatch
import Synchronization

/// Runs rules over a deployment config: pure, given the catalogue, the dataset and `now`.
public enum PolicyEngine {
    /// A waiver past its date: raised by the engine itself, not by a condition.
    public static let waiverExpired = RuleDescriptor(
        id: "policy.waiver-expired", title: "A waiver in advisor.yaml has expired", severity: .error, subject: .service,
        description: "A waiver whose `expires` date has passed no longer waives its finding, and is reported itself.",
        rationale: "A temporary exception must not become permanent by being forgotten.",
        remediation: "Renew the waiver with a new date and reason, or fix the finding it waived.")

    /// A quota that no service draws on: a misspelt match, or capacity rules that check nothing.
    public static let quotaUnused = RuleDescriptor(
        id: "policy.quota-unused", title: "A quota in advisor.yaml that no service draws on", severity: .warning, subject: .quota,
        description:
            "No service has the quota's model, source Region and scope (and profile, when the quota names one), so the capacity rules check nothing against it.",
        rationale: "A quota that matches nothing looks like a capacity check but is none: the services it was meant for go unchecked.",
        remediation: "Correct the quota's model, region, scope or profile to those of the services that share it, or remove it.")

    /// A model or profile that a Terraform plan or CloudFormation template leaves unknown until
    /// apply: listed, never skipped silently and never guessed (IaCServices raises it).
    public static let notChecked = RuleDescriptor(
        id: "iac.not-checked", title: "Not checked: unknown until apply", severity: .warning, subject: .service,
        description:
            "A Bedrock model, inference profile or Region that the plan or template does not know until it is applied (a value computed at apply, a parameter without a default, a condition), so no rule could check it.",
        rationale: "A gate that passes what it did not check is worse than none: the call's route is decided only at apply.",
        remediation:
            "Give the value in the plan or template (a literal, a parameter default, --region for a template), or check the deployed resources after apply; --strict fails on it."
    )

    /// The rules the engine owns: described like any rule file's, in docs, SARIF and JUnit.
    public static let engineRules: [RuleDescriptor] = [waiverExpired, quotaUnused, notChecked]

    /// Every rule a check applies or may report: the loaded rules, then the engine's.
    public static func descriptors(_ rules: [Rule]) -> [RuleDescriptor] {
        rules.map(\.descriptor) + engineRules
    }

    /// The ids that `rules:` and waivers in advisor.yaml may name.
    public static func ruleIds(_ rules: [Rule]) -> [String] {
        descriptors(rules).map(\.id)
    }

    /// `parallelism` > 1 checks the services in that many contiguous slices at once (the caller
    /// knows the machine; this stays a pure function of its arguments): the findings and their order
    /// are the same as one slice gives, since every service's findings depend only on the service.
    public static func check(
        _ config: DeploymentConfig, rules: [Rule], environment: PolicyEnvironment, now: Date,
        only: Set<String>? = nil, parallelism: Int = 1
    ) -> [Finding] {
        let active = rules.compactMap { rule -> Rule? in
            if let only, !only.contains(rule.id) { return nil }
            switch config.ruleSettings[rule.id] {
            case .off?: return nil
            case .severity(let severity)?:
                var relevelled = rule
                relevelled.severity = severity
                return relevelled
            case nil: return rule
            }
        }
        // Boxed, so the per-service loop retains one reference per rule instead of copying each
        // rule's dozen strings and arrays (those copies were a tenth of a 10,000-service check).
        let serviceRuleSource = active.filter { $0.subject == .service }
        let quotaRules = active.filter { $0.subject == .quota }.map { ActiveRule($0, roots: quotaRoots) }
        let services = config.services
        // A slice under a few hundred services costs more to hand to a thread than to check.
        let slices = max(1, min(parallelism, services.count / 500))
        let bounds = (0...slices).map { services.count * $0 / slices }
        let results = Mutex<[Int: (findings: [Finding], targets: [Policy.Value])]>([:])
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            // Compiled per slice: threads sharing the closures would contend on their reference counts.
            let serviceRules = serviceRuleSource.map { ActiveRule($0, roots: serviceRoots) }
            let result = checkServices(
                services[bounds[slice]..<bounds[slice + 1]], rules: serviceRules, config: config,
                environment: environment, now: now)
            results.withLock { $0[slice] = result }
        }
        var findings: [Finding] = []
        var targets: [Policy.Value] = []
        results.withLock { results in
            for slice in 0..<slices {
                findings += results[slice]?.findings ?? []
                targets += results[slice]?.targets ?? []
            }
        }
        for (quota, facts) in PolicyFacts.quotas(
            config.quotas, services: services, targets: targets,
            catalogue: environment.catalogue)
        {
            let bindings = [facts]
            if case .list(let names) = facts["services"], names.isEmpty, config.ruleSettings[quotaUnused.id] != .off,
                only?.contains(quotaUnused.id) ?? true
            {
                var severity = quotaUnused.severity
                if case .severity(let level)? = config.ruleSettings[quotaUnused.id] { severity = level }
                findings.append(
                    Finding(
                        rule: quotaUnused.id, severity: severity, subject: quota.label, subjectKind: .quota,
                        message: "no service draws on this quota (\(quota.model) from \(quota.region), \(quota.scope.rawValue)"
                            + (quota.profile.map { ", profile \($0)" } ?? "") + "): the capacity rules check nothing against it",
                        file: config.file, line: quota.line))
            }
            for rule in quotaRules {
                guard rule.condition.evaluate(bindings, environment).isTrue else { continue }
                findings.append(
                    Finding(
                        rule: rule.id, severity: rule.severity, subject: quota.label, subjectKind: .quota,
                        message: rule.message.render(bindings, environment), file: config.file, line: quota.line))
            }
        }
        // In the file's order, as a reader goes through it: a quota declared above the services,
        // or a field's finding above its service's, came out of order. Stable, so findings on one
        // line keep the rules' order.
        return findings.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }

    /// The findings of some services, in order, and each one's target (the quota rules need them).
    static func checkServices(
        _ services: ArraySlice<ServiceConfig>, rules serviceRules: [ActiveRule], config: DeploymentConfig,
        environment: PolicyEnvironment, now: Date
    ) -> (findings: [Finding], targets: [Policy.Value]) {
        var findings: [Finding] = []
        var targets: [Policy.Value] = []
        targets.reserveCapacity(services.count)
        // target, data and advice depend only on the route: services sharing one share its facts.
        struct Route: Hashable { var region, model: String, priority, residency: String? }
        var facts: [Route: (target: Policy.Value, data: Policy.Value, advice: Policy.Value, observed: Policy.Value)] = [:]
        for service in services {
            let residency = Policy.Functions.string(service.value["residency"])
            let priority = Policy.Functions.string(service.value["priority"])
            let key = Route(region: service.region, model: service.model, priority: priority, residency: residency)
            let derived =
                facts[key]
                ?? {
                    let target = PolicyFacts.target(service, catalogue: environment.catalogue, residency: residency, now: now)
                    let value = (
                        target: target,
                        data: PolicyFacts.data(
                            service, target: target, dataset: environment.dataset, now: now,
                            staleAfterDays: config.staleAfterDays),
                        advice: PolicyFacts.advice(
                            service, target: target, catalogue: environment.catalogue,
                            dataset: environment.dataset, now: now),
                        observed: PolicyFacts.observed(
                            service, target: target, environment: environment, now: now,
                            staleAfterDays: config.staleAfterDays)
                    )
                    facts[key] = value
                    return value
                }()
            targets.append(derived.target)
            // In serviceRoots' order.
            let bindings = [
                service.value, derived.target, derived.data, derived.advice, derived.observed,
                PolicyFacts.simulated(service, environment: environment),
            ]
            var serviceFindings: [Finding] = []
            for rule in serviceRules {
                guard rule.condition.evaluate(bindings, environment).isTrue else { continue }
                serviceFindings.append(
                    Finding(
                        rule: rule.id, severity: rule.severity, subject: service.name,
                        message: rule.message.render(bindings, environment), file: service.file ?? config.file,
                        line: line(of: rule.locationKeys, in: service)))
            }
            findings += applyWaivers(serviceFindings, service: service, file: service.file ?? config.file, now: now)
        }
        return (findings, targets)
    }

    /// The values a service's rules read, and a quota's (RuleSubject.roots gives their types).
    static let serviceRoots = [
        PolicySchema.service, PolicySchema.target, PolicySchema.data, PolicySchema.advice,
        PolicySchema.observed, PolicySchema.simulated,
    ].map(\.name)
    static let quotaRoots = [PolicySchema.quota.name]

    /// What evaluating a rule reads of it, compiled once per check.
    final class ActiveRule: Sendable {
        let id: String
        let severity: Severity
        let condition: Policy.CompiledExpression
        let message: MessageTemplate.Compiled
        let locationKeys: [String]

        init(_ rule: Rule, roots: [String]) {
            id = rule.id
            severity = rule.severity
            condition = Policy.CompiledExpression(rule.condition, roots: roots)
            message = rule.message.compiled(roots: roots)
            locationKeys = PolicyEngine.locationKeys(rule.location)
        }
    }

    /// `service.client.backoff` → `client.backoff`, `client`: the fieldLines keys to try, deepest first.
    static func locationKeys(_ location: [String]?) -> [String] {
        guard let location, location.first == "service" else { return [] }
        var path = Array(location.dropFirst())
        var keys: [String] = []
        while !path.isEmpty {
            keys.append(path.joined(separator: "."))
            path.removeLast()
        }
        return keys
    }

    /// The line of the deepest given field on the rule's location path, else the service's line.
    static func line(of keys: [String], in service: ServiceConfig) -> Int {
        for key in keys {
            if let line = service.fieldLines[key] { return line }
        }
        return service.line
    }

    /// A waived finding is kept and marked; a waiver past its expiry no longer waives, and is a
    /// finding of its own.
    static func applyWaivers(_ findings: [Finding], service: ServiceConfig, file: String, now: Date) -> [Finding] {
        var result = findings
        for waiver in service.waivers {
            // `expires: 2026-06-15` waives through the 15th (UTC) and no longer from the 16th on.
            let expired = now >= waiver.expires.addingTimeInterval(86_400)
            if expired {
                result.append(
                    Finding(
                        rule: waiverExpired.id, severity: waiverExpired.severity, subject: service.name,
                        message: "the waiver of \(waiver.rule) (\(waiver.reason)) expired on "
                            + "\(RFC3339.dateString(waiver.expires)); renew it with a new date or fix the finding",
                        file: file, line: waiver.line))
                continue
            }
            for index in result.indices where result[index].rule == waiver.rule {
                result[index].waived = true
                result[index].waiverReason = waiver.reason
            }
        }
        return result
    }
}
