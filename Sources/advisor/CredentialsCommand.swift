import AdvisorProbe
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
        let chain = CredentialsChain(sources: CredentialSources(environment: ProcessInfo.processInfo.environment))
        do {
            let credentials = try chain.credentials(now: Date())
            if verbose { for step in chain.trace { print("  \(step)") } }
            print(credentials.description)
        } catch {
            if verbose { for step in chain.trace { printError("  \(step)") } }
            throw CommandFailure.runtime(error.description)
        }
    }
}
