import AdvisorTestSupport
import Foundation
import Testing

struct CatalogueCommandTests {
    static let euCentralPages = ["Fixtures/aws/eu-central-1-page-1.json", "Fixtures/aws/eu-central-1-page-2.json"].map {
        Repo.file($0).path
    }

    @Test func importThenRecommendFallsBackToGlobalAndSaysWhy() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let before = try Advisor.run(["recommend", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6"], home: home)
        #expect(before.stdout.contains("use eu.anthropic.claude-sonnet-4-6"))

        let imported = try Advisor.run(["catalogue", "import"] + Self.euCentralPages + ["--name", "aws-eu-central-1"], home: home)
        #expect(imported.code == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("imported eu-central-1 (3 profiles) as catalogue aws-eu-central-1, now the newest"))
        #expect(imported.stdout.contains("  ~ eu.anthropic.claude-sonnet-4-6\n      callable from: - eu-central-1"))

        let after = try Advisor.run(["recommend", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6"], home: home)
        #expect(after.code == 0)
        #expect(after.stdout.contains("use global.anthropic.claude-sonnet-4-6"))
        #expect(
            after.stdout.contains("- eu.anthropic.claude-sonnet-4-6: not callable from eu-central-1: its source regions are eu-central-2"))
        // The earlier version is still there to compare with.
        let pinned = try Advisor.run(
            [
                "recommend", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6",
                "--catalogue", "builtin",
            ], home: home)
        #expect(pinned.stdout.contains("use eu.anthropic.claude-sonnet-4-6"))

        let diff = try Advisor.run(["catalogue", "diff", "--format", "json"], home: home)
        #expect(diff.code == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as? [String: Any])
        #expect(object["old"] as? String == "builtin")
        #expect(object["new"] as? String == "aws-eu-central-1")
        let same = try Advisor.run(["catalogue", "diff", "builtin", "builtin"], home: home)
        #expect(same.code == 0)
        #expect(same.stdout == "No changes from builtin to builtin.\n")
    }

    @Test func applicationAndInactiveProfilesFromTheCommandLine() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(
            [
                "catalogue", "import", Repo.file("Fixtures/aws/us-east-1-application-profile.json").path,
                Repo.file("Fixtures/aws/ap-northeast-1-inactive-profile.json").path,
            ], home: home)
        #expect(result.code == 0, "\(result.stderr)")
        let app = try Advisor.run(
            [
                "catalogue", "callable", "--source", "us-east-1", "--profile",
                "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/k3x9q2m7ab1c",
            ], home: home)
        #expect(app.code == 0)
        #expect(app.stdout.contains("is callable from us-east-1; it may route to us-east-1, us-east-2, us-west-2"))
        let inactive = try Advisor.run(
            ["catalogue", "callable", "--source", "ap-northeast-1", "--profile", "jp.anthropic.claude-sonnet-4-6"], home: home)
        #expect(inactive.code == 1)
        #expect(inactive.stdout.contains("listed as inactive from ap-northeast-1"))
    }

    static let badFiles: [(String, String)] = [
        ("this is not json\n", ":1: is not JSON; expected the output of `aws bedrock list-inference-profiles --output json`"),
        (
            #"{"modelSummaries": []}"#,
            ":1:1: has no inferenceProfileSummaries (this looks like `aws bedrock list-foundation-models` output)"
        ),
        (
            #"{"inferenceProfileSummaries": [{"inferenceProfileArn": "arn:aws:bedrock", "models": [], "inferenceProfileId": "x", "status": "ACTIVE", "type": "SYSTEM_DEFINED"}]}"#,
            ": inferenceProfileSummaries[0].inferenceProfileArn: 'arn:aws:bedrock' is not a Bedrock ARN"
        ),
        (
            #"{"inferenceProfileSummaries": [{"inferenceProfileArn": "arn:aws:bedrock:mars-north-1:1:inference-profile/x", "models": [], "inferenceProfileId": "x", "status": "ACTIVE", "type": "SYSTEM_DEFINED"}]}"#,
            ": inferenceProfileSummaries[0].inferenceProfileArn: unknown region 'mars-north-1'"
        ),
    ]

    @Test("Bad files: file and JSON path named, exit 2, store unchanged", arguments: badFiles)
    func badInput(text: String, message: String) throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        #expect(try Advisor.run(["catalogue", "versions"], home: home).code == 0)
        let store = home.path("advisor-home/advisor.sqlite")
        let before = fileBytes(store)
        let file = home.path("bad.json")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try Advisor.run(["catalogue", "import", file], home: home)
        #expect(result.code == 2)
        #expect(result.stderr.hasPrefix("error: \(file)"))
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(fileBytes(store) == before)
    }

    @Test func validateReportsWithoutImporting() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let good = try Advisor.run(["catalogue", "validate"] + Self.euCentralPages, home: home)
        #expect(good.code == 0)
        #expect(good.stdout == "No inconsistencies in 2 files.\n")
        let bad = home.path("leaky.json")
        let text = try Repo.text("Fixtures/aws/eu-central-1-page-2.json")
            .replacingOccurrences(of: "arn:aws:bedrock:eu-west-3::foundation-model", with: "arn:aws:bedrock:us-east-1::foundation-model")
        try text.write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try Advisor.run(["catalogue", "validate", bad], home: home)
        #expect(result.code == 1)
        #expect(
            result.stdout.contains(
                "error: \(bad): inferenceProfileSummaries[0]: geographic profile eu.amazon.nova-2-lite-v1:0 called from eu-central-1 routes outside eu: us-east-1"
            ))
        let versions = try Advisor.run(["catalogue", "versions"], home: home)
        #expect(versions.stdout.split(separator: "\n").count == 2)  // header + builtin: nothing was imported
    }
}
