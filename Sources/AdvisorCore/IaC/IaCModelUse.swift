import Foundation

/// One place infrastructure as code names a Bedrock model or profile: a resource attribute of a
/// Terraform plan or a CloudFormation template (an agent's foundation model, a prompt variant's
/// model, an application profile's `copy_from`, a knowledge base's embedding model), with where it is
/// written and where the resource runs. The readers make these; IaCServices turns them into services.
public struct IaCModelUse: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        /// A model id, profile id or ARN, as written (after the template's functions are resolved).
        case known(String)
        /// The address of another resource of the same plan or template whose model this one uses
        /// (an agent on an application profile defined beside it).
        case reference(String)
        /// Unknown until apply, and why ("computed at apply", "parameter ModelId has no default").
        case unknown(String)
    }

    public var file: String
    public var line: Int
    public var column: Int?
    /// `aws_bedrockagent_agent.support`, `module.agents.aws_bedrockagent_agent.this[0]`, or a
    /// template's logical id (`SupportAgent`).
    public var resource: String
    /// `aws_bedrockagent_agent`, `AWS::Bedrock::Agent`.
    public var resourceType: String
    /// `foundation_model`, `variant[1].model_id`, `Properties.FoundationModel`.
    public var attribute: String
    public var value: Value
    /// Where the resource runs, when the plan or template says; nil: unknown.
    public var region: String?
    /// Why the region is unknown, when it is.
    public var regionUnknown: String?
    public var maxTokens: Double?
    public var waivers: [Waiver]
    /// The resource's tags; `advisor:service` names the advisor.yaml service it is.
    public var tags: [String: String]
    /// The resource defines an application inference profile (its value is what it copies from).
    public var definesApplicationProfile: Bool

    public init(
        file: String, line: Int, column: Int? = nil, resource: String, resourceType: String, attribute: String, value: Value,
        region: String?, regionUnknown: String? = nil, maxTokens: Double? = nil, waivers: [Waiver] = [], tags: [String: String] = [:],
        definesApplicationProfile: Bool = false
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.resource = resource
        self.resourceType = resourceType
        self.attribute = attribute
        self.value = value
        self.region = region
        self.regionUnknown = regionUnknown
        self.maxTokens = maxTokens
        self.waivers = waivers
        self.tags = tags
        self.definesApplicationProfile = definesApplicationProfile
    }

    /// The name a finding gives it: the resource, and the attribute when a resource names several.
    public var name: String { resource }
}

/// A Bedrock ARN as IaC writes it: `arn:aws:bedrock:REGION:ACCOUNT:inference-profile/ID`,
/// `…::foundation-model/ID`, `…:application-inference-profile/ID`, `…:guardrail-profile/ID`.
public struct BedrockARN: Sendable, Equatable {
    public var region: String?
    public var resourceType: String
    public var id: String

    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "bedrock", let slash = parts[5].firstIndex(of: "/") else { return nil }
        region = parts[3].isEmpty ? nil : String(parts[3])
        resourceType = String(parts[5][..<slash])
        id = String(parts[5][parts[5].index(after: slash)...])
        guard !id.isEmpty else { return nil }
    }
}
