/// Whose failure an error is: what decides a command's exit code.
public enum FailureKind: Sendable, Equatable {
    /// The input was wrong (a file, a flag, a name): the user's to fix, exit 2.
    case badInput
    /// The machine failed underneath (disk, database, lock, network, credentials): exit 3.
    case runtime
}

/// Every error advisor's libraries throw says whose failure it is. The command line maps `kind` to
/// an exit code in one place (`failureKind`); an error that is not an AdvisorError is a failure nobody foresaw and
/// exits 3, never 2. The compiler, not a test, makes a new error type choose.
public protocol AdvisorError: Error, CustomStringConvertible {
    var failureKind: FailureKind { get }
}
