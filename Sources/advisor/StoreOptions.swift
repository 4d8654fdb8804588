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

    /// ADVISOR_STORE_MAX_BYTES caps the store's size (what a full disk looks like to it).
    var maxBytes: Int? {
        ProcessInfo.processInfo.environment["ADVISOR_STORE_MAX_BYTES"].flatMap { Int($0) }
    }

    /// Runs `body` on the store. A store that does not exist yet is not left behind when the command
    /// fails: readers get an in-memory copy saved only on success; writers build it in a temporary
    /// file renamed into place on success, so a large ingest never has to fit in memory.
    func withStore(writing: Bool = false, _ body: (Store) throws -> Int32) throws -> Int32 {
        let path = self.path
        let exists = FileManager.default.fileExists(atPath: path)
        if exists || !writing {
            let store: Store
            do {
                store = exists ? try Store.open(path: path, now: Date(), maxBytes: maxBytes) : try Store.inMemory(now: Date())
            } catch {
                throw CommandFailure(storeError: error)
            }
            let code = try body(store)
            if !exists {
                do { try store.save(to: path) } catch { throw CommandFailure(storeError: error) }
            }
            return code
        }
        let directory = (path as NSString).deletingLastPathComponent
        let directoryExisted = directory.isEmpty || FileManager.default.fileExists(atPath: directory)
        let temporary = (directory.isEmpty ? "." : directory) + "/.advisor-new-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        func removeEmptyDirectory(_ directory: String) {
            try? FileManager.default.removeItem(atPath: temporary)
            for suffix in ["-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
            guard !directoryExisted, (try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty == true else { return }
            try? FileManager.default.removeItem(atPath: directory)
        }
        let code: Int32
        do {
            let store = try Store.open(path: temporary, now: Date(), maxBytes: maxBytes)
            code = try body(store)
        } catch let error as StoreError {
            removeEmptyDirectory(directory)
            throw CommandFailure(storeError: error)
        } catch {
            removeEmptyDirectory(directory)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            throw CommandFailure(code: CommandFailure.runtime, message: "\(path): cannot move the new store into place")
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
