public import AdvisorCore
import Foundation

/// `terraform show -json PLANFILE` (format_version 0.x or 1.x; an unknown major is refused, as
/// HashiCorp's json-format page asks), read for the Bedrock models and profiles its resources name:
/// `planned_values` (root and child modules) for the values, `resource_changes[].change.after_unknown`
/// for what is known only at apply, `configuration` for provider Regions (aliases included), the
/// references that tie an agent to an application profile of the same plan, and module sources.
/// Positions are the plan file's own unless a TerraformSource maps a resource to its `.tf` line.
public enum TerraformPlanReader {
    /// Where the AWS provider's resources name models (terraform-provider-aws docs; reference §3b).
    /// Each path is inside the resource's values; `*` is every element of a list.
    static let modelAttributes: [String: [[String]]] = [
        "aws_bedrock_inference_profile": [["model_source", "*", "copy_from"]],
        "aws_bedrockagent_agent": [["foundation_model"]],
        "aws_bedrockagent_prompt": [["variant", "*", "model_id"]],
        "aws_bedrockagent_knowledge_base": [
            ["knowledge_base_configuration", "*", "vector_knowledge_base_configuration", "*", "embedding_model_arn"]
        ],
    ]

    static let maxTokensPaths: [[String]] = [
        ["prompt_override_configuration", "*", "prompt_configurations", "*", "inference_configuration", "*", "max_length"],
        ["variant", "*", "inference_configuration", "*", "text", "*", "max_tokens"],
    ]

    /// `locate` is given the plan's local module sources (moduleSources) and returns the `.tf`
    /// files behind them, or nil: the plan is parsed once whether or not its source is read.
    public static func read(
        _ text: String, file: String, locate: ([String: String]) throws -> TerraformSource? = { _ in nil }
    ) throws -> [IaCModelUse] {
        let root = try YAMLCursor.parse(text, file: file)
        let top = try root.lenientMapping()
        let source = try locate(moduleSources(top.optional("configuration")))
        guard let version = top.optional("format_version")?.scalarText else {
            throw root.error("no format_version: expected the output of terraform show -json PLANFILE")
        }
        guard let major = version.split(separator: ".").first.flatMap({ Int($0) }), major <= 1 else {
            throw top.optional("format_version")!.error("format_version \(version) is newer than this advisor reads (0.x and 1.x)")
        }
        guard let planned = top.optional("planned_values"), planned.isMapping,
            let rootModule = try planned.lenientMapping().optional("root_module")
        else {
            throw root.error("no planned_values.root_module: expected the output of terraform show -json PLANFILE (not of a state)")
        }
        let configuration = Configuration(top.optional("configuration"), variables: top.optional("variables"))
        var unknown: [String: YAMLCursor] = [:]
        if let changes = top.optional("resource_changes"), changes.isSequence {
            for change in try changes.list() where change.isMapping {
                let fields = try change.lenientMapping()
                guard let address = fields.optional("address")?.scalarText, let body = fields.optional("change"), body.isMapping,
                    let afterUnknown = try body.lenientMapping().optional("after_unknown")
                else { continue }
                unknown[address] = afterUnknown
            }
        }
        var uses: [IaCModelUse] = []
        try walk(rootModule) { (resource) throws(FormatError) in
            let fields = try resource.lenientMapping()
            guard let type = fields.optional("type")?.scalarText, let paths = modelAttributes[type],
                fields.optional("mode")?.scalarText != "data",
                let address = fields.optional("address")?.scalarText
            else { return }
            let values = fields.optional("values").flatMap { $0.isMapping ? $0 : nil }
            let config = configuration.resource(address)
            let located = source?.locate(address: address, type: type, modulePath: Self.modulePath(address))
            let (region, regionUnknown) = configuration.region(values: values, resource: config, address: address)
            let tags = Self.tags(values)
            let maxTokens = values.flatMap { values in
                maxTokensPaths.flatMap { CloudFormationReader.values(values, path: $0, prefix: "") }
                    .compactMap { $0.1.scalarText.flatMap(Double.init) }.max()
            }
            for path in paths {
                var found = values.map { CloudFormationReader.values($0, path: path, prefix: "") } ?? []
                found = found.filter { !$0.1.isNull }
                let values: [(attribute: String, value: IaCModelUse.Value, cursor: YAMLCursor?)]
                if found.isEmpty {
                    // Not in planned_values: known only at apply when after_unknown says so, else absent.
                    guard Self.isUnknown(unknown[address], path: path) else { continue }
                    let attribute = path.filter { $0 != "*" }.joined(separator: ".")
                    if let target = config.flatMap({ configuration.referencedProfile($0, attribute: path[0], in: address) }) {
                        values = [(attribute, .reference(target), nil)]
                    } else {
                        values = [(attribute, .unknown("computed at apply"), nil)]
                    }
                } else {
                    values = found.map { (String($0.0.dropFirst()), $0.1.scalarText.map { .known($0) } ?? .unknown("not a string"), $0.1) }
                }
                for entry in values {
                    let line = located?.line(of: path.last ?? "") ?? entry.cursor?.line ?? resource.line ?? 1
                    uses.append(
                        IaCModelUse(
                            file: located?.file ?? file, line: line, column: located == nil ? entry.cursor?.column : nil,
                            resource: address, resourceType: type, attribute: entry.attribute, value: entry.value,
                            region: region, regionUnknown: regionUnknown, maxTokens: maxTokens, waivers: located?.waivers ?? [],
                            tags: tags, definesApplicationProfile: type == "aws_bedrock_inference_profile"))
                }
            }
        }
        return uses
    }

    /// Local module sources the plan's configuration calls, by module path ("a/b") → directory
    /// relative to the root (`./modules/x` → "modules/x"); registry and git sources are left out.
    static func moduleSources(_ configuration: YAMLCursor?) -> [String: String] {
        guard let configuration, configuration.isMapping,
            let module = (try? configuration.lenientMapping())?.optional("root_module")
        else { return [:] }
        var result: [String: String] = [:]
        func visit(_ module: YAMLCursor, path: [String], directory: String) {
            guard module.isMapping, let calls = (try? module.lenientMapping())?.optional("module_calls"),
                let entries = try? calls.lenientMapping().entries
            else { return }
            for (name, call) in entries {
                guard let fields = try? call.lenientMapping(), let source = fields.optional("source")?.scalarText,
                    source.hasPrefix("./") || source.hasPrefix("../")
                else { continue }
                let child = PathText.normalized(PathText.join(directory, source))
                result[(path + [name]).joined(separator: "/")] = child
                if let next = fields.optional("module") { visit(next, path: path + [name], directory: child) }
            }
        }
        visit(module, path: [], directory: "")
        return result
    }

    /// Every resource of a module and its child modules.
    static func walk(_ module: YAMLCursor, _ body: (YAMLCursor) throws(FormatError) -> Void) throws(FormatError) {
        guard module.isMapping else { return }
        let fields = try module.lenientMapping()
        if let resources = fields.optional("resources"), resources.isSequence {
            for resource in try resources.list() where resource.isMapping { try body(resource) }
        }
        if let children = fields.optional("child_modules"), children.isSequence {
            for child in try children.list() { try walk(child, body) }
        }
    }

    /// `module.a.module.b.aws_x.y[0]` → ["a", "b"].
    static func modulePath(_ address: String) -> [String] {
        var parts = address.split(separator: ".").map(String.init)
        var path: [String] = []
        while parts.count > 2, parts[0] == "module" {
            path.append(parts[1].split(separator: "[").first.map(String.init) ?? parts[1])
            parts.removeFirst(2)
        }
        return path
    }

    static func isUnknown(_ afterUnknown: YAMLCursor?, path: [String]) -> Bool {
        guard let afterUnknown else { return false }
        if afterUnknown.scalarText == "true" { return true }
        guard let step = path.first else { return false }
        let rest = Array(path.dropFirst())
        if step == "*" {
            guard afterUnknown.isSequence, let items = try? afterUnknown.list() else { return false }
            return items.contains { isUnknown($0, path: rest) }
        }
        guard afterUnknown.isMapping, let next = (try? afterUnknown.lenientMapping())?.optional(step) else { return false }
        return isUnknown(next, path: rest)
    }

    static func tags(_ values: YAMLCursor?) -> [String: String] {
        guard let values, values.isMapping, let tags = (try? values.lenientMapping())?.optional("tags"), tags.isMapping,
            let entries = try? tags.lenientMapping().entries
        else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in entries { if let text = value.scalarText { result[key] = text } }
        return result
    }

    /// The plan's `configuration` block: providers (their Regions), resources' provider keys and
    /// expressions, and module calls, addressed the way `planned_values` addresses resources.
    struct Configuration {
        var providers: [String: YAMLCursor] = [:]
        /// Resource address without module instance keys or count index → its configuration.
        var resources: [String: YAMLCursor] = [:]
        var variables: YAMLMapping?

        init(_ configuration: YAMLCursor?, variables: YAMLCursor?) {
            self.variables = variables.flatMap { $0.isMapping ? try? $0.lenientMapping() : nil }
            guard let configuration, configuration.isMapping, let fields = try? configuration.lenientMapping() else { return }
            if let providers = fields.optional("provider_config"), let entries = try? providers.lenientMapping().entries {
                for (key, value) in entries { self.providers[key] = value }
            }
            if let root = fields.optional("root_module") { collect(root, prefix: "") }
        }

        mutating func collect(_ module: YAMLCursor, prefix: String) {
            guard module.isMapping, let fields = try? module.lenientMapping() else { return }
            if let resources = fields.optional("resources"), let list = try? resources.list() {
                for resource in list {
                    guard let address = (try? resource.lenientMapping())?.optional("address")?.scalarText else { continue }
                    self.resources[prefix + address] = resource
                }
            }
            if let calls = fields.optional("module_calls"), let entries = try? calls.lenientMapping().entries {
                for (name, call) in entries {
                    if let child = (try? call.lenientMapping())?.optional("module") { collect(child, prefix: prefix + "module.\(name).") }
                }
            }
        }

        /// The configuration of a planned resource (`module.a["x"].aws_y.z[0]` → `module.a.aws_y.z`).
        func resource(_ address: String) -> YAMLCursor? {
            var text = ""
            var depth = 0
            for character in address {
                if character == "[" { depth += 1 } else if character == "]" { depth -= 1 } else if depth == 0 { text.append(character) }
            }
            return resources[text]
        }

        /// The Region a resource runs in: its own `region` (AWS provider v6), else its provider's.
        func region(values: YAMLCursor?, resource: YAMLCursor?, address: String) -> (String?, String?) {
            if let values, values.isMapping, let own = (try? values.lenientMapping())?.optional("region")?.scalarText, !own.isEmpty {
                return (own, nil)
            }
            let key = resource.flatMap { (try? $0.lenientMapping())?.optional("provider_config_key")?.scalarText } ?? "aws"
            // Inside a module the key may be module-qualified (`child:aws`); the provider it inherits is the root's.
            let candidates = [key, key.split(separator: ":").last.map(String.init) ?? key, "aws"]
            guard let provider = candidates.lazy.compactMap({ self.providers[$0] }).first else {
                return (nil, "no provider configuration for \(key) in the plan")
            }
            guard let expressions = (try? provider.lenientMapping())?.optional("expressions"),
                let region = (try? expressions.lenientMapping())?.optional("region"), region.isMapping,
                let fields = try? region.lenientMapping()
            else { return (nil, "provider \(key) sets no region (it comes from the environment at apply)") }
            if let constant = fields.optional("constant_value")?.scalarText { return (constant, nil) }
            if let references = fields.optional("references"), let names = try? references.strings() {
                for name in names where name.hasPrefix("var.") {
                    let variable = String(name.dropFirst(4))
                    if let value = variables?.optional(variable), let fields = try? value.lenientMapping(),
                        let text = fields.optional("value")?.scalarText
                    {
                        return (text, nil)
                    }
                }
                return (nil, "provider \(key)'s region is \(names.joined(separator: ", ")), known only at apply")
            }
            return (nil, "provider \(key)'s region is an expression known only at apply")
        }

        /// The application profile of the same module an unknown attribute refers to
        /// (`foundation_model = aws_bedrock_inference_profile.eu.arn`), as a planned address.
        func referencedProfile(_ resource: YAMLCursor, attribute: String, in address: String) -> String? {
            guard let expressions = (try? resource.lenientMapping())?.optional("expressions"),
                let expression = (try? expressions.lenientMapping())?.optional(attribute),
                let references = (try? expression.lenientMapping())?.optional("references"), let names = try? references.strings()
            else { return nil }
            let module = TerraformPlanReader.modulePath(address).map { "module.\($0)." }.joined()
            for name in names where name.hasPrefix("aws_bedrock_inference_profile.") {
                let parts = name.split(separator: ".")
                guard parts.count >= 2 else { continue }
                return module + parts[0] + "." + parts[1]
            }
            return nil
        }
    }
}
