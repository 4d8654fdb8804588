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
    /// What the user can do about it, when the library knows (a requirement, so that an existential
    /// `any AdvisorError` answers with the type's own).
    var remedy: UserRemedy? { get }
}

/// What the user can do about a failure, said without the command line's words: the command line
/// turns it into its flags ("pass --replace to ingest it again"), so no library names a flag.
public enum UserRemedy: Sendable, Equatable {
    /// Use another store, or move this file away.
    case anotherStore
    /// Ask for the file to be ingested again, replacing the earlier copy.
    case ingestAgain
    /// Give the new catalogue version another name.
    case anotherCatalogueName
    /// Put the figures into another dataset.
    case anotherDataset
}

extension AdvisorError {
    public var remedy: UserRemedy? { nil }
}
