import ArgumentParser
import Foundation

@main
struct Advisor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advisor",
        abstract: "Routing decisions and policy for Amazon Bedrock cross-Region inference profiles.",
        discussion: """
            Exit codes: 0 success; 1 the answer is "no" (nothing qualifies, policy errors); 2 bad usage \
            or bad input; 3 a runtime failure (database, network, credentials).

            Data lives in the store: --db PATH, else $ADVISOR_HOME/advisor.sqlite (ADVISOR_HOME defaults \
            to $XDG_DATA_HOME/advisor or ~/.local/share/advisor). It is created on first use and seeded \
            with the built-in catalogue and the seed lab's figures (dataset seed-lab-2026-04).
            """,
        version: "0.1.0",
        subcommands: [RecommendCommand.self, CatalogueCommand.self, IngestCommand.self, DatasetsCommand.self,
                      StatsCommand.self, CheckCommand.self, RulesCommand.self, CapacityCommand.self,
                      CredentialsCommand.self])

    static func main() {
        let code: Int32
        do {
            var command = try parseAsRoot()
            if var runnable = command as? any AdvisorRunnable {
                code = try runnable.execute()
            } else {
                try command.run()
                code = 0
            }
        } catch {
            code = report(error)
        }
        Foundation.exit(code)
    }

    /// Prints the error the way the user needs it and picks the exit code of design.md.
    static func report(_ error: any Error) -> Int32 {
        if let failure = error as? CommandFailure {
            printError("error: \(failure.message)")
            return failure.code
        }
        let parserCode = exitCode(for: error)
        if parserCode == .success {
            // --help and --version print to stdout and succeed.
            print(fullMessage(for: error))
            return 0
        }
        // Every other parser error is bad usage: exit 2 (design.md), not ArgumentParser's 64.
        printError(fullMessage(for: error))
        return 2
    }
}

/// A command that returns its own exit code (1 for "no") instead of succeeding or throwing.
protocol AdvisorRunnable {
    mutating func execute() throws -> Int32
}

/// An error with the message for stderr and the exit code that goes with it.
struct CommandFailure: Error {
    static let noAnswer: Int32 = 1
    static let badInput: Int32 = 2
    static let runtime: Int32 = 3

    var code: Int32
    var message: String
}
