import Foundation
public import AdvisorCore

/// Failures of the store. `isBadInput` separates a file that is not ours or a name that does not
/// exist (the user's to fix, exit 2) from the database failing underneath us (exit 3).
public enum StoreError: AdvisorError, Sendable {
    public var failureKind: FailureKind { isBadInput ? .badInput : .runtime }

    public var remedy: UserRemedy? {
        switch self {
        case .notAnAdvisorStore: return .anotherStore
        case .duplicateFile: return .ingestAgain
        case .duplicateCatalogue: return .anotherCatalogueName
        case .datasetKindMismatch: return .anotherDataset
        default: return nil
        }
    }

    case notAnAdvisorStore(path: String, detail: String)
    case newerSchema(path: String)
    case unknownDataset(name: String, available: [String], suggestions: [String], field: String)
    case unknownCatalogue(name: String, available: [String], field: String)
    case badData(path: String, detail: String)
    /// The disk (or the ADVISOR_STORE_MAX_BYTES cap) is full; the transaction was rolled back.
    case full(path: String)
    case invalidInput(FormatError)
    case duplicateFile(file: String, dataset: String, ingestedAt: String)
    case datasetKindMismatch(dataset: String, existing: String, incoming: String)
    case duplicateCatalogue(name: String)
    /// SQLite failed underneath: its result code (extended, as SQLite gives it) and the statement,
    /// kept as parts, not flattened into the message (nil when the failure was not SQLite's).
    case database(path: String, detail: String, resultCode: Int32? = nil, sql: String? = nil)
    /// Another command held the write lock longer than the lock timeout.
    case busy(path: String, waited: Double)
    /// The store's path names something that cannot be a store (a directory, a dangling link).
    case badPath(path: String, detail: String)
    /// The file system refused an operation on the store's files.
    case io(path: String, detail: String)

    /// Exhaustive on purpose: a new case must say whether it is the user's input (exit 2) or the
    /// machine failing underneath (exit 3).
    public var isBadInput: Bool {
        switch self {
        case .database, .full, .busy, .io: return false
        case .notAnAdvisorStore, .newerSchema, .unknownDataset, .unknownCatalogue, .badData, .invalidInput,
            .duplicateFile, .datasetKindMismatch, .duplicateCatalogue, .badPath:
            return true
        }
    }

    public var description: String {
        switch self {
        case let .notAnAdvisorStore(path, detail):
            return "\(path): not an advisor store (\(detail))"
        case let .newerSchema(path):
            return "\(path): written by a newer advisor (unknown schema migrations); upgrade advisor to read it"
        case let .unknownDataset(name, available, suggestions, field):
            let hint = suggestions.isEmpty ? "" : " (did you mean '\(suggestions[0])'?)"
            return "\(field): unknown dataset '\(name)'\(hint); the store has: \(available.joined(separator: ", "))"
        case let .unknownCatalogue(name, available, field):
            return "\(field): unknown catalogue '\(name)'; the store has: \(available.joined(separator: ", "))"
        case let .badData(path, detail):
            return "\(path): \(detail)"
        case let .full(path):
            return "\(path): the store is full (no space left on the disk or above ADVISOR_STORE_MAX_BYTES); nothing was written"
        case let .invalidInput(error):
            return error.description + "; nothing was ingested"
        case let .duplicateFile(file, dataset, ingestedAt):
            return "\(file): already ingested into dataset \(dataset) on \(ingestedAt) (same content)"
        case let .duplicateCatalogue(name):
            return "the store already has a catalogue named '\(name)'"
        case let .datasetKindMismatch(dataset, existing, incoming):
            return "dataset \(dataset) holds \(existing) figures; \(incoming) cannot be added to it"
        case let .database(path, detail, resultCode, _):
            return "\(path): database error: \(detail)" + (resultCode.map { " (SQLite code \($0))" } ?? "")
        case let .busy(path, waited):
            return "\(path): another advisor command held the store's write lock for \(Self.seconds(waited)); "
                + "nothing was written. Run again when it has finished (ADVISOR_LOCK_TIMEOUT sets the wait in seconds)"
        case let .badPath(path, detail):
            return "\(path): \(detail)"
        case let .io(path, detail):
            return "\(path): \(detail)"
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}
