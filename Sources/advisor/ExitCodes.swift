import AdvisorCore
import ArgumentParser

/// The exit codes docs/user-guide.md promises, and the one place an error becomes one.
enum ExitCodes {
    /// The answer is "no": nothing qualifies, a policy error was found, catalogues differ.
    static let no = ExitCode(1)
    /// Bad usage or bad input: the user's to fix.
    static let badInput = ExitCode(2)
    /// The machine failed underneath: disk, database, lock, network, credentials.
    static let runtime = ExitCode(3)

    /// The one place an error becomes an exit code: a library error says whose failure it is
    /// (`AdvisorError.failureKind`); an error that does not is a failure nobody foresaw, so it is a
    /// runtime failure (3), never "bad input" (2).
    static func classify(_ error: any Error) -> (code: ExitCode, message: String?) {
        switch error {
        case let exit as ExitCode: return (exit, nil)
        case let failure as CommandFailure: return (failure.code, failure.message)
        case let error as any AdvisorError:
            let message = said(error.description, remedy: error.remedy)
            switch error.failureKind {
            case .badInput: return (badInput, message)
            case .runtime: return (runtime, message)
            }
        default: return (runtime, "unexpected failure: \(String(describing: type(of: error)))")
        }
    }

    /// A library's remedy in this command line's words: its flags.
    static func said(_ message: String, remedy: UserRemedy?) -> String {
        switch remedy {
        case nil: return message
        case .anotherStore: return message + "; pass another --db or move the file away"
        case .ingestAgain: return message + "; pass --replace to ingest it again"
        case .anotherCatalogueName: return "--name: " + message + "; choose another name"
        case .anotherDataset: return message + " (use another --dataset)"
        }
    }
}

/// A failure the command line itself finds (a flag's file is missing, a store holds one catalogue
/// version), with the message for stderr and its code.
struct CommandFailure: Error {
    var code: ExitCode
    var message: String

    static func badInput(_ message: String) -> CommandFailure { CommandFailure(code: ExitCodes.badInput, message: message) }
    static func runtime(_ message: String) -> CommandFailure { CommandFailure(code: ExitCodes.runtime, message: message) }
    static func no(_ message: String) -> CommandFailure { CommandFailure(code: ExitCodes.no, message: message) }
}
