import AdvisorCore
import AdvisorFormats
import Foundation
import Synchronization

/// Everything the command line prints goes through here. It shadows the standard library's
/// `print` inside this module, so no command can forget it: text from the user's files (service
/// names, profile ids) cannot carry terminal escape sequences or forge lines. JSON, SARIF and XML are
/// already escaped by their writers, so for them this changes nothing.
func print(_ text: String, terminator: String = "\n") {
    // Written as two pieces: a report of tens of megabytes is not copied to append a newline.
    Output.write(Sanitize.terminal(text), to: .standardOutput)
    if !terminator.isEmpty { Output.write(terminator, to: .standardOutput) }
}

/// The same for stderr: error messages quote the input.
func printError(_ text: String) {
    Output.write(Sanitize.terminal(text) + "\n", to: .standardError)
}

enum Output {
    /// The first failed write to stdout (a full disk behind `> file`, a closed descriptor): the
    /// command finishes what it does, then exits 3 saying so, instead of crashing or exiting 0.
    private static let failure = Mutex<String?>(nil)

    static func write(_ text: String, to handle: FileHandle) {
        var text = text
        do {
            // From the string's own UTF-8 storage, without copying it into a Data first.
            try text.withUTF8 { bytes in
                guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
                try handle.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count,
                                                  deallocator: .none))
            }
        } catch {
            guard handle === FileHandle.standardOutput else { return }
            failure.withLock { $0 = $0 ?? "could not write the output: \(error.localizedDescription)" }
        }
    }

    static var writeFailure: String? { failure.withLock { $0 } }

    /// A progress line on stderr, redrawn in place; nil ends it.
    static func progress(_ line: String?) {
        guard let line else {
            write("\r\u{1B}[K", to: .standardError)
            return
        }
        write("\r\u{1B}[K" + Sanitize.terminal(line), to: .standardError)
    }
}

extension Output {
    /// A command's whole output: to stdout, or with `--out` to that file, written beside it and
    /// renamed over it, so a failure leaves the old file whole.
    static func emit(_ text: String, out: String?) throws {
        guard let out else {
            print(text, terminator: "")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CommandFailure.runtime("--out \(out): could not be written (\(error.localizedDescription))")
        }
    }
}

/// A file the user named on the command line, read whole with a bound: errors name the flag.
enum InputFile {
    static func text(_ path: String, flag: String) throws -> String {
        do {
            return try BoundedFile.text(path)
        } catch {
            throw CommandFailure.badInput("\(flag): \(error.description)")
        }
    }
}
