import AdvisorApp
import AdvisorCore
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
                try handle.write(
                    contentsOf: Data(
                        bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count,
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
    /// A command's whole output: to stdout (no `--out`, or `--out -`), or to the file `--out` names.
    /// A regular file (or one a symbolic link points at) is written beside itself and renamed over
    /// itself, so a failure leaves the old file whole and the link stays a link. A device or a FIFO
    /// (`/dev/null`, `/dev/stdout`, a named pipe) is written through, never replaced: renaming over
    /// /dev/null as root would delete the device. A directory is the user's mistake (exit 2).
    static func emit(_ text: String, out: String?) throws {
        guard let out, out != "-" else {
            print(text, terminator: "")
            return
        }
        switch try OutputTarget.check(out) {
        case .stream:
            try writeThrough(text, to: out)
        case .file(let resolved):
            try replaceFile(resolved, with: text, shownAs: out)
        }
    }

    /// Writes a new file beside `path`, syncs it and renames it over `path`: readers see the old
    /// file or the new one, never half of one.
    private static func replaceFile(_ path: String, with text: String, shownAs shown: String) throws {
        let temporary = PathText.join(PathText.directory(of: path), ".\(PathText.name(of: path)).advisor-\(getpid())")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(shown, "could not be written") }
        do {
            defer { close(descriptor) }
            try writeAll(text, to: descriptor, shownAs: shown)
            guard fsync(descriptor) == 0 else { throw failure(shown, "could not be written") }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure(shown, "could not be written")
            unlink(temporary)
            throw error
        }
    }

    private static func writeThrough(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, "could not be opened for writing") }
        defer { close(descriptor) }
        try writeAll(text, to: descriptor, shownAs: path)
    }

    private static func writeAll(_ text: String, to descriptor: Int32, shownAs shown: String) throws {
        var remaining = Array(text.utf8)[...]
        while !remaining.isEmpty {
            let written = remaining.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure(shown, "could not be written")
            }
            remaining = remaining.dropFirst(written)
        }
    }

    /// The operating system's words for errno, not "NSCocoaErrorDomain error 512".
    private static func failure(_ path: String, _ what: String) -> CommandFailure {
        CommandFailure.runtime("--out \(path): \(what) (\(String(cString: strerror(errno))))")
    }
}

/// What `--out` names, decided before anything is written.
enum OutputTarget: Equatable {
    /// A regular file, existing or new: replaced whole at this path (a symbolic link's target).
    case file(String)
    /// A character device, a FIFO or a socket: written through, never renamed over.
    case stream

    /// Decides what `path` is; commands call it before their work too, so a bad `--out` fails
    /// before a long report is made, and before any other complaint.
    static func check(_ path: String) throws -> OutputTarget {
        if path.isEmpty { throw CommandFailure.badInput("--out: expected a file path or -, got an empty string") }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno
            var link = stat()
            if lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK {
                throw CommandFailure.badInput("--out \(path): is a symbolic link to a file that does not exist; name the file itself")
            }
            guard reason == ENOENT else {
                throw CommandFailure.runtime("--out \(path): cannot be examined (\(String(cString: strerror(reason))))")
            }
            let parent = PathText.directory(of: path)
            var directory = stat()
            if !parent.isEmpty, stat(parent, &directory) != 0 || (directory.st_mode & S_IFMT) != S_IFDIR {
                throw CommandFailure.badInput("--out \(path): the directory \(parent) does not exist")
            }
            return .file(path)
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            throw CommandFailure.badInput("--out \(path): is a directory; name a file in it, or - for standard output")
        case S_IFREG:
            // Through a symbolic link: replace the file it points at, keep the link.
            guard let resolved = realpath(path, nil) else { return .file(path) }
            defer { free(resolved) }
            return .file(String(cString: resolved))
        default:
            return .stream
        }
    }
}

/// A file the user named on the command line, read whole with a bound: errors name the flag.
enum InputFile {
    static func text(_ path: String, flag: String) throws -> String {
        do {
            return try InputFiles.text(path)
        } catch {
            throw CommandFailure.badInput("\(flag): \(error.description)")
        }
    }
}
