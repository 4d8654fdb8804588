@testable import advisor
import AdvisorCore
import AdvisorFormats
import AdvisorTestSupport
import Foundation
import Testing

/// Exit codes by construction: every error type a library declares is named in ExitCodes.classify,
/// and an error nobody named is a runtime failure (3), never "bad input" (2).
struct ExitCodesTests {
    /// The error types declared in the libraries' sources (`struct X: Error`, `enum Y: …, Error`).
    static func libraryErrorTypes() throws -> [String] {
        let sources = Repo.file("Sources")
        let pattern = try Regex(#"(?m)^\s*(?:public\s+|internal\s+)?(?:final\s+)?(?:struct|enum|class)\s+(\w+)\s*:[^{]*\bError\b"#)
        var names: [String] = []
        for target in try FileManager.default.contentsOfDirectory(atPath: sources.path) where target.hasPrefix("Advisor") {
            let directory = sources.appendingPathComponent(target)
            guard let walker = FileManager.default.enumerator(atPath: directory.path) else { continue }
            for case let file as String in walker where file.hasSuffix(".swift") {
                let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                for match in text.matches(of: pattern) {
                    if let name = match.output[1].substring { names.append(String(name)) }
                }
            }
        }
        return names.sorted()
    }

    @Test func everyLibraryErrorTypeHasItsExitCode() throws {
        let names = try Self.libraryErrorTypes()
        // The scan itself must find the known ones, or it would pass by finding nothing.
        #expect(names.contains("StoreError") && names.contains("FormatError") && names.contains("BedrockError"), "\(names)")
        let mapping = try Repo.text("Sources/advisor/ExitCodes.swift")
        for name in names {
            let mapped = try Regex("as (\\w+\\.)?\(name)[: ]")
            #expect(mapping.contains(mapped),
                    "\(name) is thrown by a library but ExitCodes.classify does not map it to an exit code")
        }
    }

    @Test func anErrorNobodyMappedIsARuntimeFailure() {
        struct Unforeseen: Error {}
        #expect(ExitCodes.classify(Unforeseen()).code == ExitCodes.runtime)
        #expect(ExitCodes.classify(FormatError(file: "a.yaml", line: 3, field: "x", message: "bad")).code == ExitCodes.badInput)
    }
}

struct OutputFailureTests {
    /// A full disk behind `> file` is a runtime failure that says so, not a crash and not success.
    @Test(.enabled(if: FileManager.default.isWritableFile(atPath: "/dev/full"), "/dev/full is missing here: skipped"))
    func outputThatCannotBeWrittenExitsThree() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(["recommend", "--source", "eu-central-1"], home: home, stdout: .file("/dev/full"))
        #expect(result.code == 3, "\(result.stderr)")
        #expect(result.stderr.contains("error: could not write the output"), "\(result.stderr)")
    }

    @Test func parseErrorsAreBadUsage() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let unknown = try Advisor.run(["recommend", "--sourse", "eu-central-1"], home: home)
        #expect(unknown.code == 2)
        let format = try Advisor.run(["catalogue", "show", "--format", "markdown"], home: home)
        #expect(format.code == 2)
        #expect(format.stderr.contains("Please provide one of 'text' and 'json'"), "\(format.stderr)")
    }
}
