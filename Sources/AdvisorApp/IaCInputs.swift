public import AdvisorCore
import AdvisorFormats
import Foundation

/// The infrastructure as code `advisor check` reads beside (or instead of) advisor.yaml: Terraform
/// plans (with the `.tf` files behind them for lines and inline waivers) and CloudFormation or CDK
/// templates (files, or directories of them).
public struct IaCInputs: Sendable {
    public var terraformPlans: [String]
    public var terraformDirectory: String?
    public var cloudFormation: [String]
    /// The Region templates deploy to (`--region`): `AWS::Region` and ARN-less profile ids.
    public var region: String?

    public init(terraformPlans: [String], terraformDirectory: String?, cloudFormation: [String], region: String?) {
        self.terraformPlans = terraformPlans
        self.terraformDirectory = terraformDirectory
        self.cloudFormation = cloudFormation
        self.region = region
    }

    public var isEmpty: Bool { terraformPlans.isEmpty && cloudFormation.isEmpty }

    /// Every model use the inputs name, in the order given.
    public func read(catalogue: Catalogue) throws -> [IaCModelUse] {
        if let region { _ = try catalogue.resolveRegion(region, field: "--region") }
        var uses: [IaCModelUse] = []
        for plan in terraformPlans {
            let text = try BoundedFile.text(plan)
            uses += try TerraformPlanReader.read(text, file: plan) { modules in
                guard let directory = terraformDirectory else { return nil }
                let files = try Self.tfFiles(directory, modules: modules)
                // A directory named for the plan's lines must hold them, or findings would quietly fall back to the plan's.
                guard !files.isEmpty else {
                    throw FormatError(file: directory, message: "holds no .tf file (--terraform-dir is the plan's configuration)")
                }
                return try TerraformSource.read(root: directory, files: files, moduleSources: modules)
            }
        }
        for path in cloudFormation {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw FormatError(file: path, message: "does not exist (--cloudformation takes a template or a directory of them)")
            }
            if isDirectory.boolValue {
                // A directory (cdk.out, a templates folder): every template in it; other JSON and YAML
                // (cdk.out's manifest.json and tree.json) is not a template and is passed over.
                var templates = 0
                for file in try Self.templates(in: path) {
                    let text = try BoundedFile.text(file)
                    guard Self.looksLikeTemplate(text) else { continue }
                    uses += try CloudFormationReader.read(text, file: file, region: region)
                    templates += 1
                }
                // A gate named at a directory must check something there.
                guard templates > 0 else {
                    throw FormatError(
                        file: path, message: "holds no CloudFormation template (a .json, .yaml, .yml or .template file with Resources)")
                }
            } else {
                uses += try CloudFormationReader.read(try BoundedFile.text(path), file: path, region: region)
            }
        }
        return uses
    }

    static func templates(in directory: String) throws(FormatError) -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw FormatError(file: directory, message: "cannot be listed: \(error.localizedDescription)")
        }
        return names.filter { [".json", ".yaml", ".yml", ".template"].contains(where: $0.hasSuffix) }.sorted()
            .map { PathText.join(directory, $0) }
    }

    static func looksLikeTemplate(_ text: String) -> Bool {
        text.contains("\"Resources\"") || text.range(of: #"(?m)^Resources\s*:"#, options: .regularExpression) != nil
    }

    /// The `.tf` files of the root directory and of each local module the plan calls.
    static func tfFiles(_ root: String, modules: [String: String]) throws(FormatError) -> [(path: String, text: String)] {
        var files: [(String, String)] = []
        for directory in Set(modules.values).union([""]).sorted() {
            let full = PathText.join(root, directory)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: full) else { continue }
            for name in names.sorted() where name.hasSuffix(".tf") {
                let path = PathText.join(full, name)
                files.append((path, try BoundedFile.text(path)))
            }
        }
        return files
    }
}
