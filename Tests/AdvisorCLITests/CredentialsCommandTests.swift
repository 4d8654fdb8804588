import AdvisorTestSupport
import Foundation
import Testing

struct CredentialsCommandTests {
    @Test func theSecretNeverAppearsInAnyOutput() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzzCLISECRET", token = "IQoJb3JpZ2luCLITOKENzz"
        try FileManager.default.createDirectory(atPath: home.path("home/.aws"), withIntermediateDirectories: true)
        try "[team]\naws_access_key_id = AKIACLITEST\naws_secret_access_key = \(secret)\naws_session_token = \(token)\n"
            .write(toFile: home.path("home/.aws/credentials"), atomically: true, encoding: .utf8)
        let found = try Advisor.run(
            ["credentials", "--verbose"], home: home,
            environment: ["AWS_PROFILE": "team", "AWS_EC2_METADATA_DISABLED": "true"])
        #expect(found.code == 0)
        #expect(found.stdout.contains("credentials AKIACLITEST from \(home.path("home/.aws/credentials")) [team] (temporary)"))
        #expect(found.stdout.contains("environment: nothing"))
        // From the environment too, and a failing chain: nothing secret in stdout or stderr.
        let fromEnvironment = try Advisor.run(
            ["credentials", "--verbose"], home: home,
            environment: [
                "AWS_ACCESS_KEY_ID": "AKIAENVTEST", "AWS_SECRET_ACCESS_KEY": secret,
                "AWS_SESSION_TOKEN": token,
            ])
        let missingSecret = try Advisor.run(["credentials"], home: home, environment: ["AWS_ACCESS_KEY_ID": "AKIAENVTEST"])
        #expect(missingSecret.code == 3)
        #expect(missingSecret.stderr == "error: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not\n")
        for result in [found, fromEnvironment, missingSecret] {
            #expect(!(result.stdout + result.stderr).contains(secret))
            #expect(!(result.stdout + result.stderr).contains(token))
        }
    }

    @Test func noCredentialsIsARuntimeFailure() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(["credentials"], home: home, environment: ["AWS_EC2_METADATA_DISABLED": "true"])
        #expect(result.code == 3)
        #expect(result.stderr.hasPrefix("error: no AWS credentials found; tried environment"))
    }
}
