public import AdvisorCore
import Foundation

/// A CloudFormation template (YAML with the short-form intrinsic tags `!Ref`, `!Sub`, `!GetAtt`,
/// `!FindInMap`, `!If`, `!Join`, `!Select`, or JSON, as `cdk synth` writes to cdk.out), read for the
/// Bedrock model and profile it names, each with its line and column. Intrinsic functions are
/// resolved where the template itself decides them (a parameter's default, a mapping, the Region
/// given with `--region`); what only a deployment decides is `unknown`, never guessed.
public enum CloudFormationReader {
    /// Where templates name models (AWS CloudFormation reference; ../shared/reference/bedrock-2026-12.md §3b).
    static let modelAttributes: [String: [[String]]] = [
        "AWS::Bedrock::ApplicationInferenceProfile": [["ModelSource", "CopyFrom"]],
        "AWS::Bedrock::Agent": [["FoundationModel"], ["PromptOverrideConfiguration", "PromptConfigurations", "*", "FoundationModel"]],
        "AWS::Bedrock::Prompt": [["Variants", "*", "ModelId"]],
        "AWS::Bedrock::KnowledgeBase": [
            ["KnowledgeBaseConfiguration", "VectorKnowledgeBaseConfiguration", "EmbeddingModelArn"]
        ],
    ]

    public static func read(_ text: String, file: String, region: String?) throws(FormatError) -> [IaCModelUse] {
        let root = try YAMLCursor.parse(text, file: file)
        let top = try root.lenientMapping()
        guard let resources = top.optional("Resources"), resources.isMapping else {
            throw root.error("no Resources: expected a CloudFormation template (YAML or JSON, as cdk synth writes)")
        }
        let context = Context(
            parameters: top.optional("Parameters"), mappings: top.optional("Mappings"), resources: try resources.lenientMapping(),
            region: region, file: file)
        var uses: [IaCModelUse] = []
        try context.resources.forEachEntry { (logicalId, resource) throws(FormatError) in
            guard resource.isMapping else { return }
            let fields = try resource.lenientMapping()
            guard let type = fields.optional("Type")?.scalarText, let paths = modelAttributes[type],
                let properties = fields.optional("Properties"), properties.isMapping
            else { return }
            let waivers = try Self.waivers(fields.optional("Metadata"))
            let tags = Self.tags(try properties.lenientMapping().optional("Tags"))
            let maxTokens = Self.maxTokens(properties)
            for path in paths {
                for (attribute, value) in Self.values(properties, path: path, prefix: "Properties") {
                    uses.append(
                        IaCModelUse(
                            file: file, line: value.line ?? resource.line ?? 1, column: value.column, resource: logicalId,
                            resourceType: type, attribute: attribute, value: context.model(value),
                            region: region,
                            regionUnknown: region == nil ? "the stack's Region: pass --region with the Region it deploys to" : nil,
                            maxTokens: maxTokens, waivers: waivers, tags: tags,
                            definesApplicationProfile: type == "AWS::Bedrock::ApplicationInferenceProfile"))
                }
            }
        }
        return uses
    }

    /// The values at `path` below `cursor` (`*` is every element of a list), with their attribute paths.
    static func values(_ cursor: YAMLCursor, path: [String], prefix: String) -> [(String, YAMLCursor)] {
        guard let step = path.first else { return [(prefix, cursor)] }
        let rest = Array(path.dropFirst())
        if step == "*" {
            guard cursor.isSequence, let items = try? cursor.list() else { return [] }
            return items.enumerated().flatMap { values($1, path: rest, prefix: "\(prefix)[\($0)]") }
        }
        guard cursor.isMapping, let next = (try? cursor.lenientMapping())?.optional(step) else { return [] }
        return values(next, path: rest, prefix: prefix + "." + step)
    }

    /// `Tags` as CloudFormation writes them: a list of `{Key, Value}` or (Bedrock's newer types) a map.
    static func tags(_ cursor: YAMLCursor?) -> [String: String] {
        guard let cursor else { return [:] }
        var tags: [String: String] = [:]
        if cursor.isSequence, let items = try? cursor.list() {
            for item in items {
                guard let entry = try? item.lenientMapping(), let key = entry.optional("Key")?.scalarText,
                    let value = entry.optional("Value")?.scalarText
                else { continue }
                tags[key] = value
            }
        } else if cursor.isMapping, let entries = try? cursor.lenientMapping().entries {
            for (key, value) in entries { if let text = value.scalarText { tags[key] = text } }
        }
        return tags
    }

    /// The response cap the resource sets: an agent's step override `MaximumLength`, a prompt
    /// variant's `MaxTokens` (the largest, when several).
    static func maxTokens(_ properties: YAMLCursor) -> Double? {
        let found =
            values(
                properties, path: ["PromptOverrideConfiguration", "PromptConfigurations", "*", "InferenceConfiguration", "MaximumLength"],
                prefix: "")
            + values(properties, path: ["Variants", "*", "InferenceConfiguration", "Text", "MaxTokens"], prefix: "")
        return found.compactMap { $0.1.scalarText.flatMap(Double.init) }.max()
    }

    /// `Metadata: {advisor: {waivers: [{rule, reason, expires}]}}`: as advisor.yaml's waivers, reason
    /// and expiry required.
    static func waivers(_ metadata: YAMLCursor?) throws(FormatError) -> [Waiver] {
        guard let metadata, metadata.isMapping, let advisor = try metadata.lenientMapping().optional("advisor") else { return [] }
        let fields = try advisor.mapping(keys: ["waivers"])
        guard let list = fields.optional("waivers") else { return [] }
        var waivers: [Waiver] = []
        for item in try list.list() {
            let waiver = try item.mapping(keys: ["rule", "reason", "expires"])
            let rule = try waiver.required("rule").string()
            let reason = try waiver.required("reason").string()
            let expiresCursor = try waiver.required("expires")
            guard let expires = RFC3339.parseDateOrDateTime(try expiresCursor.string()) else {
                throw expiresCursor.error("expected a date such as 2027-01-31")
            }
            waivers.append(Waiver(rule: rule, reason: reason, expires: expires, line: item.line ?? 1))
        }
        return waivers
    }

    /// The template's own knowledge: parameters' defaults, mappings, its resources, and the Region.
    struct Context {
        let parameters: YAMLCursor?
        let mappings: YAMLCursor?
        let resources: YAMLMapping
        let region: String?
        let file: String

        enum Resolved {
            case text(String)
            case resource(String)
            case unknown(String)
        }

        /// What a model attribute names: a model or profile, another resource of the template (an
        /// application profile), or unknown until deployment.
        func model(_ cursor: YAMLCursor) -> IaCModelUse.Value {
            switch resolve(cursor, depth: 0) {
            case .text(let text): return .known(text)
            case .resource(let id): return .reference(id)
            case .unknown(let why): return .unknown(why)
            }
        }

        func resolve(_ cursor: YAMLCursor, depth: Int) -> Resolved {
            guard depth < 32 else { return .unknown("intrinsic functions nested too deep") }
            if let tag = cursor.tag, tag.hasPrefix("!") {
                let name = String(tag.dropFirst())
                return function(name == "Ref" ? "Ref" : "Fn::" + name, cursor, depth: depth)
            }
            if cursor.isMapping, let entries = try? cursor.lenientMapping().entries, entries.count == 1,
                entries[0].0 == "Ref" || entries[0].0.hasPrefix("Fn::")
            {
                return function(entries[0].0, entries[0].1, depth: depth)
            }
            if let text = cursor.scalarText { return .text(text) }
            return .unknown("not a string")
        }

        func function(_ name: String, _ argument: YAMLCursor, depth: Int) -> Resolved {
            switch name {
            case "Ref":
                guard let target = argument.scalarText else { return .unknown("Ref of a non-name") }
                return reference(target)
            case "Fn::GetAtt":
                let target: String?
                if let text = argument.scalarText {
                    target = text.split(separator: ".").first.map(String.init)
                } else {
                    target = (try? argument.list())?.first?.scalarText
                }
                guard let target else { return .unknown("Fn::GetAtt of a non-name") }
                return resources.optional(target) != nil ? .resource(target) : .unknown("Fn::GetAtt of \(target), not a resource here")
            case "Fn::Sub":
                var template: String?
                var variables: YAMLMapping?
                if let text = argument.scalarText {
                    template = text
                } else if let items = try? argument.list(), let first = items.first?.scalarText {
                    template = first
                    variables = items.count > 1 ? try? items[1].lenientMapping() : nil
                }
                guard let template else { return .unknown("Fn::Sub without a string") }
                return substitute(template, variables: variables, depth: depth)
            case "Fn::Join":
                guard let items = try? argument.list(), items.count == 2, let delimiter = items[0].scalarText,
                    let parts = try? items[1].list()
                else { return .unknown("Fn::Join of an unexpected shape") }
                var joined: [String] = []
                for part in parts {
                    switch resolve(part, depth: depth + 1) {
                    case .text(let text): joined.append(text)
                    case .resource(let id): return .unknown("Fn::Join of \(id), known only at deployment")
                    case .unknown(let why): return .unknown(why)
                    }
                }
                return .text(joined.joined(separator: delimiter))
            case "Fn::FindInMap":
                guard let items = try? argument.list(), items.count >= 3 else { return .unknown("Fn::FindInMap of an unexpected shape") }
                var keys: [String] = []
                for item in items.prefix(3) {
                    guard case .text(let key) = resolve(item, depth: depth + 1) else {
                        return .unknown("Fn::FindInMap with a key known only at deployment")
                    }
                    keys.append(key)
                }
                guard let map = mappings, map.isMapping, let first = (try? map.lenientMapping())?.optional(keys[0]),
                    first.isMapping, let second = (try? first.lenientMapping())?.optional(keys[1]), second.isMapping,
                    let value = (try? second.lenientMapping())?.optional(keys[2])
                else { return .unknown("Fn::FindInMap: \(keys.joined(separator: "/")) is not in Mappings") }
                return resolve(value, depth: depth + 1)
            case "Fn::Select":
                guard let items = try? argument.list(), items.count == 2, case .text(let indexText) = resolve(items[0], depth: depth + 1),
                    let index = Int(indexText), let list = try? items[1].list(), index >= 0, index < list.count
                else { return .unknown("Fn::Select of a value known only at deployment") }
                return resolve(list[index], depth: depth + 1)
            case "Fn::If":
                let condition = (try? argument.list())?.first?.scalarText ?? "a condition"
                return .unknown("Fn::If on \(condition), decided at deployment")
            default:
                return .unknown("\(name) is decided at deployment")
            }
        }

        func reference(_ name: String) -> Resolved {
            switch name {
            case "AWS::Region": return region.map { .text($0) } ?? .unknown("AWS::Region: pass --region with the stack's Region")
            case "AWS::Partition": return .text("aws")
            // The account never changes where a call may go; an ARN's account field is not read.
            case "AWS::AccountId": return .text("000000000000")
            case "AWS::URLSuffix": return .text("amazonaws.com")
            default: break
            }
            if let parameters, parameters.isMapping, let parameter = (try? parameters.lenientMapping())?.optional(name) {
                guard parameter.isMapping, let fallback = (try? parameter.lenientMapping())?.optional("Default"),
                    let text = fallback.scalarText
                else { return .unknown("parameter \(name) has no default") }
                return .text(text)
            }
            if resources.optional(name) != nil { return .resource(name) }
            return .unknown("Ref to \(name), which the template does not define")
        }

        /// `${Name}`, `${Resource.Attribute}`, `${AWS::Region}`; `${!Literal}` stays `${Literal}`.
        func substitute(_ template: String, variables: YAMLMapping?, depth: Int) -> Resolved {
            var result = ""
            var rest = Substring(template)
            while let start = rest.range(of: "${") {
                result += rest[..<start.lowerBound]
                guard let end = rest[start.upperBound...].firstIndex(of: "}") else { return .unknown("Fn::Sub with an unclosed ${") }
                let name = String(rest[start.upperBound..<end])
                rest = rest[rest.index(after: end)...]
                if name.hasPrefix("!") {
                    result += "${" + name.dropFirst() + "}"
                    continue
                }
                let resolved: Resolved
                if let variable = variables?.optional(name) {
                    resolved = resolve(variable, depth: depth + 1)
                } else if name.contains("."), !name.hasPrefix("AWS::") {
                    resolved = .unknown("Fn::Sub of \(name), an attribute known only at deployment")
                } else {
                    resolved = reference(name)
                }
                switch resolved {
                case .text(let text): result += text
                case .resource(let id): return .unknown("Fn::Sub of ${\(id)}, known only at deployment")
                case .unknown(let why): return .unknown(why)
                }
            }
            return .text(result + rest)
        }
    }
}
