import AdvisorTestSupport
import Foundation
import Testing

/// `advisor check` on the infrastructure teams already have: a Terraform plan made by Terraform
/// itself (Fixtures/iac/terraform, scripts/dev/terraform-fixture.sh), CloudFormation with its
/// short-form tags, a CDK cdk.out, and other projects' test inputs (Checkov's, Apache-2.0).
struct IaCCheckTests {
    static let terraform = "Fixtures/iac/terraform"

    /// The 1-based line of the first line of `file` containing `text` (what a finding must point at).
    static func line(of text: String, in file: String) throws -> Int {
        let lines = try Repo.text(file).split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    static func findings(_ result: Subprocess.Result) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result.stderr)")
        return try #require(object["findings"] as? [[String: Any]])
    }

    static func find(_ findings: [[String: Any]], _ rule: String, _ subject: String) -> [String: Any]? {
        findings.first { $0["rule"] as? String == rule && ($0["service"] as? String ?? "").hasPrefix(subject) }
    }

    /// Run from the repository root with relative paths, as CI does.
    static func check(_ arguments: [String], home: TemporaryDirectory) throws -> Subprocess.Result {
        try Advisor.run(["check", "--as-of", "2026-12-05"] + arguments, home: home, directory: Repo.root)
    }

    @Test func otherProjectsPlansAndTemplatesParse() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let checkov = "Fixtures/iac/third-party/checkov"
        for plan in ["\(checkov)/plan_with_tf_modules_for_enrichment/tfplan.json", "\(checkov)/modules_edges_tfplan.json"] {
            let result = try Self.check(["--terraform-plan", plan], home: home)
            #expect(result.code == 0, "\(plan): \(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("0 services"), "\(result.stdout)")
        }
        let enriched = try Self.check(
            [
                "--terraform-plan", "\(checkov)/plan_with_tf_modules_for_enrichment/tfplan.json", "--terraform-dir",
                "\(checkov)/plan_with_tf_modules_for_enrichment",
            ], home: home)
        #expect(enriched.code == 0, "\(enriched.stderr)")
        let templates = try Self.check(["--cloudformation", "\(checkov)/cfn", "--region", "eu-west-1"], home: home)
        #expect(templates.code == 0, "\(templates.stdout)\(templates.stderr)")
        let noTf = try Self.check(
            ["--terraform-plan", "\(Self.terraform)/plan.json", "--terraform-dir", "Fixtures/iac/cdk.out"], home: home)
        #expect(noTf.code == 2 && noTf.stderr.contains("holds no .tf file"), "\(noTf.stderr)")
        // A directory without a template is an error, not a pass over nothing.
        let empty = try Self.check(["--cloudformation", "\(checkov)/plan_with_tf_modules_for_enrichment/log_group"], home: home)
        #expect(empty.code == 2 && empty.stderr.contains("holds no CloudFormation template"), "\(empty.stderr)")
    }

    @Test func aPlansFindingsPointAtTheirTfLines() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Self.check(
            [
                "--terraform-plan", "\(Self.terraform)/plan.json", "--terraform-dir", Self.terraform, "--config",
                "\(Self.terraform)/advisor.yaml", "--format", "json",
            ], home: home)
        #expect(result.code == 1, "\(result.stderr)")
        let findings = try Self.findings(result)
        let main = "\(Self.terraform)/main.tf"
        func at(_ rule: String, _ subject: String, _ text: String, file: String = main) throws {
            let finding = try #require(Self.find(findings, rule, subject), "\(rule) \(subject): \(findings)")
            #expect(finding["file"] as? String == file)
            #expect(finding["line"] as? Int == (try Self.line(of: text, in: file)), "\(rule) \(subject)")
        }
        // An eu. profile used from us-east-1 (the default provider).
        try at("routing.not-callable", "aws_bedrockagent_agent.support", #"foundation_model = "eu.anthropic.claude-sonnet-4-6""#)
        // An application profile (behind the frankfurt alias) copying a global profile, for the eu-residency service.
        try at("residency.outside-geography", "aws_bedrock_inference_profile.chat", "copy_from = \"arn:aws:bedrock:eu-central-1")
        // A model past its end of life.
        try at("lifecycle.end-of-life", "aws_bedrockagent_agent.legacy", "foundation_model        = \"eu.anthropic.claude-sonnet-4-2025")
        // Known only at apply: listed, not skipped.
        try at("iac.not-checked", "aws_bedrockagent_agent.experiment", "foundation_model        = \"us.anthropic.claude-${")
        // An agent on the application profile beside it is followed to what the profile copies.
        let chat = try #require(
            Self.find(findings, "latency.faster-route", "aws_bedrockagent_agent.chat (via aws_bedrock_inference_profile.chat)"))
        #expect((chat["message"] as? String ?? "").contains("global.anthropic.claude-sonnet-4-6"))
        // The child module's prompt, at its own .tf file, waived there by a comment.
        let prompt = try #require(Self.find(findings, "latency.stale-data", "module.assistant.aws_bedrockagent_prompt.summary"))
        #expect(prompt["file"] as? String == "\(Self.terraform)/modules/assistant/main.tf")
        #expect(prompt["waived"] as? Bool == true)
        // Without the .tf files, the plan's own lines.
        let bare = try Self.check(["--terraform-plan", "\(Self.terraform)/plan.json", "--format", "json"], home: home)
        let planFinding = try #require(Self.find(try Self.findings(bare), "routing.not-callable", "aws_bedrockagent_agent.support"))
        #expect(planFinding["file"] as? String == "\(Self.terraform)/plan.json")
        #expect(planFinding["line"] as? Int ?? 0 > 1)
        // The plan prints the provider's secret key in clear text; advisor never repeats it.
        #expect(!bare.stdout.contains("fixture-secret-not-real") && !result.stdout.contains("fixture-secret-not-real"))
    }

    @Test func templateFindingsPointAtTheirLines() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let template = "Fixtures/iac/cloudformation/bedrock.yaml"
        let result = try Self.check(
            [
                "--cloudformation", template, "--cloudformation", "Fixtures/iac/cdk.out", "--region", "us-east-1", "--config",
                "\(Self.terraform)/advisor.yaml", "--format", "json",
            ], home: home)
        #expect(result.code == 1, "\(result.stderr)")
        let findings = try Self.findings(result)
        func at(_ rule: String, _ subject: String, _ text: String) throws {
            let finding = try #require(Self.find(findings, rule, subject), "\(rule) \(subject): \(findings)")
            #expect(finding["file"] as? String == template)
            #expect(finding["line"] as? Int == (try Self.line(of: text, in: template)), "\(rule) \(subject)")
        }
        try at("routing.not-callable", "SupportAgent", "FoundationModel: eu.anthropic.claude-sonnet-4-6")
        try at("residency.outside-geography", "ChatProfile", "CopyFrom: !Sub")
        try at("lifecycle.end-of-life", "LegacyAgent", "FoundationModel: us.anthropic.claude-sonnet-4-2025")
        try at("iac.not-checked", "StagedAgent", "FoundationModel: !Ref ModelId")
        #expect(
            (Self.find(findings, "iac.not-checked", "StagedAgent")?["message"] as? String ?? "").contains(
                "parameter ModelId has no default"))
        // !FindInMap resolved; the Metadata waiver applies.
        #expect(Self.find(findings, "latency.stale-data", "SummaryPrompt")?["waived"] as? Bool == true)
        // The CDK template in cdk.out is read (manifest.json beside it is not a template), its Fn::Join resolved.
        let summary = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])["summary"] as? [String: Any]
        #expect(summary?["services"] as? Int == 6, "6 model uses in the two templates: \(String(describing: summary))")
    }

    @Test(.enabled(if: Shared.isAvailable && Subprocess.pythonHas("jsonschema"), "needs ../shared and python3's jsonschema: skipped"))
    func sarifAndGitLabReportsValidate() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let inputs = [
            "--terraform-plan", "\(Self.terraform)/plan.json", "--terraform-dir", Self.terraform, "--cloudformation",
            "Fixtures/iac/cloudformation/bedrock.yaml", "--region", "us-east-1", "--config", "\(Self.terraform)/advisor.yaml",
        ]
        let sarif = try Self.check(inputs + ["--format", "sarif"], home: home)
        try sarif.stdout.write(toFile: home.path("out.sarif"), atomically: true, encoding: .utf8)
        let sarifCheck = try Subprocess.python([
            Repo.file("Tests/Oracles/validate_sarif.py").path, Shared.file("testdata/sarif/sarif-schema-2.1.0.json").path,
            home.path("out.sarif"),
        ])
        #expect(sarifCheck.stdout == "valid\n", "\(sarifCheck.stdout)\(sarifCheck.stderr)")
        #expect(
            sarif.stdout.contains("\"uri\" : \"Fixtures/iac/terraform/main.tf\"") || sarif.stdout.contains("Fixtures/iac/terraform/main.tf")
        )
        let gitlab = try Self.check(inputs + ["--format", "gitlab"], home: home)
        try gitlab.stdout.write(toFile: home.path("gl.json"), atomically: true, encoding: .utf8)
        let gitlabCheck = try Subprocess.python([Repo.file("Tests/Oracles/check_gitlab_codequality.py").path, home.path("gl.json")])
        #expect(gitlabCheck.stdout == "valid\n", "\(gitlabCheck.stdout)\(gitlabCheck.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: gitlab.stdoutData) as? [[String: Any]])
        // The same rule at two locations: two fingerprints (GitLab would merge equal ones).
        let notCallable = entries.filter { $0["check_name"] as? String == "routing.not-callable" }
        #expect(notCallable.count >= 2 && Set(notCallable.compactMap { $0["fingerprint"] as? String }).count == notCallable.count)
        let paths = Set(
            entries.compactMap { entry -> String? in
                guard let location = entry["location"] as? [String: Any] else { return nil }
                return location["path"] as? String
            })
        #expect(paths.isSuperset(of: ["Fixtures/iac/terraform/main.tf", "Fixtures/iac/cloudformation/bedrock.yaml"]), "\(paths)")
    }

    @Test func inlineWaiversNeedAReasonAndAnExpiryAndExpire() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        // A .tf waiver without an expiry: refused at its line.
        let directory = home.path("tf")
        try FileManager.default.createDirectory(atPath: directory + "/modules/assistant", withIntermediateDirectories: true)
        for file in ["main.tf", "providers.tf", "modules/assistant/main.tf"] {
            try Repo.text("\(Self.terraform)/\(file)").write(toFile: "\(directory)/\(file)", atomically: true, encoding: .utf8)
        }
        let main = try Repo.text("\(Self.terraform)/main.tf")
        try main.replacingOccurrences(
            of: "resource \"aws_bedrockagent_agent\" \"support\" {",
            with: "# advisor:waive routing.not-callable reason=\"moving to us.\"\nresource \"aws_bedrockagent_agent\" \"support\" {"
        ).write(toFile: "\(directory)/main.tf", atomically: true, encoding: .utf8)
        let noExpiry = try Self.check(["--terraform-plan", "\(Self.terraform)/plan.json", "--terraform-dir", directory], home: home)
        #expect(noExpiry.code == 2)
        let commentLine =
            try #require(
                try String(contentsOfFile: "\(directory)/main.tf", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                    .firstIndex { $0.hasPrefix("# advisor:waive") }) + 1
        #expect(
            noExpiry.stderr.contains("\(directory)/main.tf:\(commentLine): advisor:waive: a waiver needs expires=YYYY-MM-DD"),
            "\(noExpiry.stderr)")
        // Expired: an error of its own, and the finding it waived is no longer waived.
        try main.replacingOccurrences(
            of: "resource \"aws_bedrockagent_agent\" \"support\" {",
            with:
                "# advisor:waive routing.not-callable reason=\"moving to us.\" expires=2026-11-30\nresource \"aws_bedrockagent_agent\" \"support\" {"
        ).write(toFile: "\(directory)/main.tf", atomically: true, encoding: .utf8)
        let expired = try Self.check(
            ["--terraform-plan", "\(Self.terraform)/plan.json", "--terraform-dir", directory, "--format", "json"], home: home)
        let findings = try Self.findings(expired)
        #expect(Self.find(findings, "policy.waiver-expired", "aws_bedrockagent_agent.support")?["severity"] as? String == "error")
        #expect(Self.find(findings, "routing.not-callable", "aws_bedrockagent_agent.support")?["waived"] as? Bool == false)

        // CloudFormation: a Metadata waiver without an expiry, at its line.
        let template = try Repo.text("Fixtures/iac/cloudformation/bedrock.yaml")
            .replacingOccurrences(of: "            expires: \"2099-12-31\"\n", with: "")
        try template.write(toFile: home.path("t.yaml"), atomically: true, encoding: .utf8)
        let cfn = try Self.check(["--cloudformation", home.path("t.yaml"), "--region", "us-east-1"], home: home)
        #expect(cfn.code == 2)
        #expect(cfn.stderr.contains("missing required key 'expires'") && cfn.stderr.contains("t.yaml:"), "\(cfn.stderr)")
    }

    @Test func unknownUntilApplyIsListedAndStrictFailsOnIt() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try """
        Parameters:
          ModelId:
            Type: String
        Resources:
          StagedAgent:
            Type: AWS::Bedrock::Agent
            Properties:
              AgentName: staged
              FoundationModel: !Ref ModelId
        """.write(toFile: home.path("staged.yaml"), atomically: true, encoding: .utf8)
        let plain = try Self.check(["--cloudformation", home.path("staged.yaml"), "--region", "eu-west-1"], home: home)
        #expect(plain.code == 0, "\(plain.stdout)")
        #expect(
            plain.stdout.contains(
                "staged.yaml:9: warning: [iac.not-checked] StagedAgent: AWS::Bedrock::Agent Properties.FoundationModel: unknown until apply (parameter ModelId has no default); not checked"
            ), "\(plain.stdout)")
        let strict = try Self.check(["--cloudformation", home.path("staged.yaml"), "--region", "eu-west-1", "--strict"], home: home)
        #expect(strict.code == 1)
        // Without --region the stack's Region is unknown: not checked either, never guessed.
        let noRegion = try Self.check(["--cloudformation", "Fixtures/iac/cdk.out", "--strict"], home: home)
        #expect(noRegion.code == 1)
        #expect(noRegion.stdout.contains("AWS::Region: pass --region"), "\(noRegion.stdout)")
    }

    @Test(.enabled(if: Subprocess.pythonHas("cfnlint"), "python3's cfn-lint is missing (scripts/bootstrap.sh installs it): skipped"))
    func cfnLintAcceptsEveryTemplateFixture() throws {
        let templates = [
            "Fixtures/iac/cloudformation/bedrock.yaml", "Fixtures/iac/cdk.out/AssistantStack.template.json",
            "Fixtures/iac/third-party/checkov/cfn/BedrockAgentEncrypted-PASS.yaml",
            "Fixtures/iac/third-party/checkov/cfn/BedrockAgentEncrypted-FAIL.yaml",
        ]
        // cfn-lint's own entry point (the package has no __main__), exactly as its cfn-lint script calls it.
        let lint = try Subprocess.python(
            ["-c", "import sys; from cfnlint.runner import main; sys.argv[0] = 'cfn-lint'; sys.exit(main())"]
                + templates.map { Repo.file($0).path })
        #expect(lint.code == 0, "\(lint.stdout)\(lint.stderr)")
    }
}
