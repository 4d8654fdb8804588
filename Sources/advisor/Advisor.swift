import ArgumentParser
import Foundation

@main
struct Advisor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advisor",
        abstract: "Routing decisions and policy for Amazon Bedrock cross-Region inference profiles.",
        discussion: """
            Exit codes: 0 success; 1 the answer is "no" (nothing qualifies, policy errors); 2 bad usage \
            or bad input; 3 a runtime failure (disk, database, lock, network, credentials).

            Data lives in the store: --db PATH, else $ADVISOR_HOME/advisor.sqlite (ADVISOR_HOME defaults \
            to $XDG_DATA_HOME/advisor or ~/.local/share/advisor). It is created on first use and seeded \
            with the built-in catalogue and the seed lab's figures (dataset seed-lab-2026-04).
            """,
        version: "0.1.0",
        subcommands: [
            RecommendCommand.self, CatalogueCommand.self, IngestCommand.self, DatasetsCommand.self,
            StatsCommand.self, CheckCommand.self, RulesCommand.self, CapacityCommand.self, SimulateCommand.self,
            ReportCommand.self, RoutesCommand.self, EvidenceCommand.self, ProbeCommand.self, VerifyCommand.self, ExportCommand.self,
            CredentialsCommand.self,
        ])

    /// How many slices a large check works on at once: the cores this process may use.
    static let parallelism = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Parsing and running fail apart: every parse error is bad usage (2, not ArgumentParser's 64),
    /// and what a command throws goes through ExitCodes.classify.
    static func main() {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exitAsParser(error)
        }
        var outcome: (code: ExitCode, message: String?) = (.success, nil)
        do {
            try command.run()
        } catch  where isParserError(error) {
            // A command group run without a subcommand, or `advisor help`, throws the parser's own errors.
            exitAsParser(error)
        } catch {
            outcome = ExitCodes.classify(error)
        }
        if let message = outcome.message { printError("error: \(message)") }
        // Output that never arrived is a runtime failure, whatever the command concluded.
        if let failure = Output.writeFailure {
            printError("error: \(failure)")
            outcome.code = ExitCodes.runtime
        }
        Foundation.exit(outcome.code.rawValue)
    }

    /// ArgumentParser's errors (help requests, usage errors) as it reports them, with its exit codes
    /// except that bad usage is 2, not 64.
    static func isParserError(_ error: any Error) -> Bool {
        let code = exitCode(for: error)
        return code == .success || code == .validationFailure
    }

    static func exitAsParser(_ error: any Error) -> Never {
        if exitCode(for: error) == .success {
            // --help and --version print to stdout and succeed.
            print(fullMessage(for: error))
            Foundation.exit(0)
        }
        printError(fullMessage(for: error))
        Foundation.exit(ExitCodes.badInput.rawValue)
    }
}
