import AdvisorFuzzing
import AdvisorTestSupport
import Foundation
import Testing

/// The seeded, bounded fuzz run of every reader (issue 9): a fixed number of mutated cases per
/// target, the same cases every run. The long run is `swift run -c release advisor-fuzz`.
struct FuzzTests {
    static let casesPerTarget = 400

    @Test func everyReaderIsATarget() {
        #expect(
            FuzzTargets.all.map(\.name) == [
                "raw-csv", "raw-jsonl", "llmeter", "llmperf", "summary-csv",
                "list-inference-profiles", "catalogue-yaml", "advisor-yaml", "rule-file",
                "cloudtrail", "cloudwatch", "service-quotas", "policy-expression", "event-stream",
            ])
        for target in FuzzTargets.all { #expect(!target.seeds.isEmpty, "\(target.name) has no seeds") }
    }

    @Test(arguments: FuzzTargets.all.map(\.name))
    func mutatedInputsGetAResultOrANamedError(target name: String) throws {
        let target = try #require(FuzzTargets.all.first { $0.name == name })
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        var run = FuzzRun()
        run.run(target, cases: Self.casesPerTarget, seed: 20_261_201, scratch: scratch.url.path)
        #expect(run.cases == Self.casesPerTarget)
        #expect(run.failures.isEmpty, "\(run.failures.prefix(3).map(\.description))")
        // The seeds themselves read: the fuzzer starts from valid inputs, not from noise.
        #expect(run.accepted >= min(target.seeds.count, 1), "\(name): not even the seeds were accepted")
    }
}
