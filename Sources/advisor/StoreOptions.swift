import AdvisorCore
import AdvisorFormats
import AdvisorStore
import ArgumentParser
import Foundation

struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store to use.", valueName: "path"))
    var db: String?

    var path: String {
        StoreLocation.resolve(explicit: db, environment: ProcessInfo.processInfo.environment)
    }

    /// Runs `body` on the store. A store that does not exist yet is built in memory and written to
    /// disk only if the command did not fail on bad input, so a typo never leaves files behind.
    func withStore(_ body: (Store) throws -> Int32) throws -> Int32 {
        let path = self.path
        let exists = FileManager.default.fileExists(atPath: path)
        let store: Store
        do {
            store = exists ? try Store.open(path: path, now: Date()) : try Store.inMemory(now: Date())
        } catch {
            throw CommandFailure(storeError: error)
        }
        let code = try body(store)
        if !exists {
            do { try store.save(to: path) } catch { throw CommandFailure(storeError: error) }
        }
        return code
    }
}

/// Maps library errors to messages and exit codes.
func mapErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as StoreError {
        throw CommandFailure(storeError: error)
    } catch let error as InputError {
        throw CommandFailure(code: CommandFailure.badInput, message: error.description)
    } catch let error as FormatError {
        throw CommandFailure(code: CommandFailure.badInput, message: error.description)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

extension CommandFailure {
    init(storeError error: StoreError) {
        self.init(code: error.isBadInput ? CommandFailure.badInput : CommandFailure.runtime, message: error.description)
    }
}
