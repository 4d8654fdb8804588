import Foundation

/// Turns what Terraform plans and CloudFormation templates say into the services `check` judges:
/// each model use a service named after its resource, at its file and line, running in the Region
/// the IaC gives it; an application profile defined beside it followed to what it copies; and
/// advisor.yaml adding what IaC cannot say (traffic, SLOs, residency, client settings) to the
/// service of the same name, or the one a resource's `advisor:service` tag names. What IaC leaves
/// unknown until apply becomes an `iac.not-checked` finding at its location.
public enum IaCServices {
    public struct Result: Sendable {
        public var config: DeploymentConfig
        public var notChecked: [Finding]
    }

    /// The tag that names the advisor.yaml service a resource is.
    public static let serviceTag = "advisor:service"

    public static func merge(_ uses: [IaCModelUse], into base: DeploymentConfig) -> Result {
        var profiles: [String: IaCModelUse] = [:]
        for use in uses where use.definesApplicationProfile { profiles[use.resource] = profiles[use.resource] ?? use }
        let perResource = Dictionary(grouping: uses, by: \.resource).mapValues(\.count)
        let byName = Dictionary(base.services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var matched: Set<String> = []
        var services: [ServiceConfig] = []
        var notChecked: [Finding] = []

        for use in uses {
            var name = perResource[use.resource, default: 0] > 1 ? "\(use.resource) \(use.attribute)" : use.resource
            var value = use.value
            var region = use.region
            var regionUnknown = use.regionUnknown
            if case .reference(let target) = value {
                if let profile = profiles[target] {
                    value = profile.value
                    name += " (via \(target))"
                    if region == nil { region = profile.region; regionUnknown = profile.regionUnknown }
                } else {
                    value = .unknown("it refers to \(target), which names no model or profile advisor can read")
                }
            }
            func skip(_ why: String) {
                notChecked.append(
                    Finding(
                        rule: PolicyEngine.notChecked.id, severity: PolicyEngine.notChecked.severity, subject: name,
                        message: "\(use.resourceType) \(use.attribute): \(why); not checked", file: use.file, line: use.line))
            }
            guard case .known(let text) = value else {
                if case .unknown(let why) = value { skip("unknown until apply (\(why))") }
                continue
            }
            var model = text
            if let arn = BedrockARN(text) {
                // A system profile's or foundation model's ARN names the Region it is called in.
                if let arnRegion = arn.region { region = arnRegion }
                if arn.resourceType == "inference-profile" || arn.resourceType == "foundation-model" { model = arn.id }
            }
            guard let region else {
                skip("the Region it runs in is unknown until apply (\(regionUnknown ?? "no provider, resource or ARN Region"))")
                continue
            }
            let declared = byName[use.tags[serviceTag] ?? ""] ?? byName[use.resource] ?? byName[name]
            if let declared { matched.insert(declared.name) }
            services.append(service(name: name, region: region, model: model, use: use, declared: declared))
        }
        var config = base
        config.services = services + base.services.filter { !matched.contains($0.name) }
        return Result(config: config, notChecked: notChecked)
    }

    /// The service a use is: advisor.yaml's fields for it (when it has one) under the IaC's name,
    /// Region and model, every field located at the IaC's line.
    static func service(name: String, region: String, model: String, use: IaCModelUse, declared: ServiceConfig?) -> ServiceConfig {
        var fields: [String: Policy.Value] = [:]
        if case .object(let declaredFields) = declared?.value { fields = declaredFields }
        fields["name"] = .string(name)
        fields["region"] = .string(region)
        fields["model"] = .string(model)
        if let maxTokens = use.maxTokens {
            var traffic: [String: Policy.Value] = [:]
            if case .object(let declaredTraffic) = fields["traffic"] ?? .null { traffic = declaredTraffic }
            if traffic["max_tokens"] == nil {
                traffic["max_tokens"] = .number(maxTokens)
                fields["traffic"] = .object(traffic)
            }
        }
        var lines: [String: Int] = [:]
        for key in (declared?.fieldLines.keys).map(Array.init) ?? [] { lines[key] = use.line }
        for key in ["name", "region", "model", "traffic", "traffic.max_tokens"] { lines[key] = use.line }
        var service = ServiceConfig(
            name: name, region: region, model: model, value: .object(fields), line: use.line, fieldLines: lines,
            waivers: use.waivers + (declared?.waivers ?? []))
        service.file = use.file
        return service
    }
}
