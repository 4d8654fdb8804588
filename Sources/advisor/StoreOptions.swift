import AdvisorApp
import AdvisorCore
import ArgumentParser
import Foundation

/// Numeric flags read as decimals only: ArgumentParser's Double and Int take hex (`0x10`), `inf` and `nan`.
enum DecimalFlag {
    static func double(_ text: String) throws -> Double {
        guard let value = UserNumber.double(text), value.isFinite else {
            throw ValidationError("'\(Sanitize.excerpt(text))' is not a decimal number such as 50 or 2.5")
        }
        return value
    }

    static func int(_ text: String) throws -> Int {
        guard let value = UserNumber.int(text) else {
            throw ValidationError("'\(Sanitize.excerpt(text))' is not a whole decimal number such as 30")
        }
        return value
    }
}

/// A dataset's name as every command that creates one accepts it: letters, digits, '-', '_', '.'.
enum DatasetName {
    static func check(_ name: String, flag: String) throws {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw ValidationError("\(flag) must be letters, digits, '-', '_' or '.'")
        }
    }
}

struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store to use.", valueName: "path"))
    var db: String?

    func validate() throws {
        if db == "" { throw ValidationError("--db: expected the path of the store file, got an empty string") }
    }

    var path: String {
        Workspace.path(explicit: db, environment: ProcessInfo.processInfo.environment)
    }

    /// ADVISOR_STORE_MAX_BYTES caps the store's size (what a full disk looks like to it);
    /// ADVISOR_LOCK_TIMEOUT is how many seconds to wait for another command's write lock.
    static func limits(environment: [String: String]) throws -> Workspace.Limits {
        var settings = Workspace.Limits()
        if let text = environment["ADVISOR_STORE_MAX_BYTES"] {
            guard let bytes = UserNumber.int(text), bytes > 0 else {
                throw CommandFailure.badInput(
                    "ADVISOR_STORE_MAX_BYTES: expected a whole number of bytes above 0, got '\(Sanitize.excerpt(text))'")
            }
            settings.maxBytes = bytes
        }
        if let text = environment["ADVISOR_LOCK_TIMEOUT"] {
            guard let seconds = UserNumber.double(text), seconds.isFinite, seconds >= 0, seconds <= 86_400 else {
                throw CommandFailure.badInput("ADVISOR_LOCK_TIMEOUT: expected seconds from 0 to 86400, got '\(Sanitize.excerpt(text))'")
            }
            settings.lockTimeout = seconds
        }
        return settings
    }

    /// Creates the store now if it is missing, so that a long command's every write lands in the
    /// published store as it is made: a store created inside a command's body is put in place only
    /// when the body returns, and a kill -9 before then would lose the lot.
    func ensureExists() throws {
        try withStore(writing: true) { _ in }
    }

    /// Runs `body` on the store (StoreAccess says how creation and concurrent use are made safe).
    func withStore<T>(writing: Bool = false, _ body: (Workspace) throws -> T) throws -> T {
        let limits = try Self.limits(environment: ProcessInfo.processInfo.environment)
        // A store the user named is the team's evidence: a read command must not quietly answer from
        // a fresh store because the name was misspelt. Only the default store is created on first use.
        if let db, !writing, !FileManager.default.fileExists(atPath: db) {
            throw CommandFailure.badInput(
                "--db \(db): no store there (a read command never creates one); "
                    + "check the path, or create it by writing to it (advisor ingest … --db \(db))")
        }
        return try Workspace.with(path: path, writing: writing, now: Date(), limits: limits, body)
    }
}
