@testable import advisor
import AdvisorCore
import AdvisorApp
import AdvisorProbe
import AdvisorStore
import ArgumentParser
import AdvisorTestSupport
import Foundation
import Testing

/// Exit codes by construction: every library error conforms to AdvisorError and says whose failure
/// it is, so the compiler makes a new error type choose; ExitCodes.classify maps the kind, and an
/// error that is not an AdvisorError is a runtime failure (3), never "bad input" (2).
struct ExitCodesTests {
    @Test func eachLibrarysErrorsGetTheCodeOfTheirKind() {
        let cases: [(any Error, ExitCode)] = [
            (FormatError(file: "a.yaml", line: 3, field: "x", message: "bad"), ExitCodes.badInput),
            (InputError(field: "--source", value: "xx", expected: "a region"), ExitCodes.badInput),
            (RequestError(field: "--profiles", message: "name at least one profile"), ExitCodes.badInput),
            (StoreError.unknownDataset(name: "d", available: [], suggestions: [], field: "--dataset"), ExitCodes.badInput),
            (StoreError.busy(path: "s", waited: 30), ExitCodes.runtime),
            (StoreError.full(path: "s"), ExitCodes.runtime),
            (BedrockError(code: "ValidationException", message: "no", httpStatus: 400), ExitCodes.runtime),
            (CredentialsError("no credentials"), ExitCodes.runtime),
            (HTTPError(url: "http://127.0.0.1", message: "refused"), ExitCodes.runtime),
            (EventStreamError.invalidHeaderNameLength, ExitCodes.runtime),
        ]
        for (error, code) in cases {
            #expect(ExitCodes.classify(error).code == code, "\(error)")
            #expect(ExitCodes.classify(error).message == "\(error)")
        }
    }

    /// Libraries say what the user can do without naming a flag; the command line says it in its flags.
    @Test func aLibraryRemedyIsSaidInTheCommandLinesWords() {
        let duplicate = StoreError.duplicateFile(file: "a.csv", dataset: "d", ingestedAt: "2026-12-05T00:00:00Z")
        #expect(!duplicate.description.contains("--"), "\(duplicate)")
        #expect(
            ExitCodes.classify(duplicate).message
                == "a.csv: already ingested into dataset d on 2026-12-05T00:00:00Z (same content); pass --replace to ingest it again")
        let name = StoreError.duplicateCatalogue(name: "aws-1")
        #expect(ExitCodes.classify(name).message == "--name: the store already has a catalogue named 'aws-1'; choose another name")
        #expect(ExitCodes.classify(name).code == ExitCodes.badInput)
    }

    /// The same, end to end: a file ingested twice.
    @Test func ingestingAFileTwiceSaysHowToReplaceIt() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let file = home.path("a.csv")
        try "source_region,profile,ttfb_ms,total_ms\neu-central-1,eu.anthropic.claude-sonnet-4-6,700,2400\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try Advisor.run(["ingest", file, "--dataset", "d"], home: home).code == 0)
        let again = try Advisor.run(["ingest", file, "--dataset", "d"], home: home)
        #expect(again.code == 2 && again.stderr.contains("(same content); pass --replace to ingest it again"), "\(again.stderr)")
    }

    @Test func anErrorNobodyMappedIsARuntimeFailure() {
        struct Unforeseen: Error {}
        #expect(ExitCodes.classify(Unforeseen()).code == ExitCodes.runtime)
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
