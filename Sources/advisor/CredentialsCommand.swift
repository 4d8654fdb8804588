import AdvisorApp
import ArgumentParser
import Foundation

struct CredentialsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract: "Show which AWS credentials the probe would use, and where they come from (never the secret).",
        discussion: """
            The AWS CLI's order: environment (AWS_ACCESS_KEY_ID …), the shared credentials and config \
            files (AWS_PROFILE, AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE), credential_process (SSO: \
            aws configure export-credentials --format process), container credentials \
            (AWS_CONTAINER_CREDENTIALS_FULL_URI / _RELATIVE_URI), EC2 instance metadata (IMDSv2). \
            Exits 3 when none are found.
            """)

    @Flag(help: "Show every step of the chain.")
    var verbose = false

    mutating func run() throws {
        let answer = CredentialsCheck.run(environment: ProcessInfo.processInfo.environment, now: Date())
        if let found = answer.found {
            if verbose { for step in answer.trace { print("  \(step)") } }
            print(found)
        } else {
            if verbose { for step in answer.trace { printError("  \(step)") } }
            throw CommandFailure.runtime(answer.failure ?? "no AWS credentials found")
        }
    }
}
