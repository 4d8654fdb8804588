import AdvisorCore
import AdvisorFormats
import Foundation

/// Everything the command line prints goes through here. It shadows the standard library's
/// `print` inside this module, so no command can forget it: text from the user's files (service
/// names, profile ids) cannot carry terminal escape sequences or forge lines. JSON, SARIF and XML are
/// already escaped by their writers, so for them this changes nothing.
func print(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((Sanitize.terminal(text) + terminator).utf8))
}

/// The same for stderr: error messages quote the input.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((Sanitize.terminal(text) + "\n").utf8))
}

/// A file the user named on the command line, read whole with a bound: errors name the flag.
enum InputFile {
    static func text(_ path: String, flag: String) throws -> String {
        do {
            return try BoundedFile.text(path)
        } catch {
            throw CommandFailure(code: CommandFailure.badInput, message: "\(flag): \(error.description)")
        }
    }
}
