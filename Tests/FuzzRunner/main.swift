import AdvisorFuzzing
import Foundation

/// The long fuzz run, for whoever hunts (docs/reliability.md):
///   swift run -c release advisor-fuzz [--target NAME|all] [--seconds N] [--seed S] [--out DIR]
/// Runs every target in turn, in rounds, until the time is up; prints each failure and saves its
/// input to DIR (default fuzz-findings/) to replay. A crash stops the run: the last target and case
/// are printed before each round, and the saved inputs show what went before.
var targetName = "all", seconds = 60.0, seed: UInt64 = 1, out = "fuzz-findings"
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--target": targetName = arguments.next() ?? "all"
    case "--seconds": seconds = Double(arguments.next() ?? "") ?? seconds
    case "--seed": seed = UInt64(arguments.next() ?? "") ?? seed
    case "--out": out = arguments.next() ?? out
    default:
        FileHandle.standardError.write(
            Data(
                "usage: advisor-fuzz [--target NAME|all] [--seconds N] [--seed S] [--out DIR]\ntargets: \(FuzzTargets.all.map(\.name).joined(separator: ", "))\n"
                    .utf8))
        exit(2)
    }
}
let targets = FuzzTargets.all.filter { targetName == "all" || $0.name == targetName }
guard !targets.isEmpty else { print("unknown target \(targetName)"); exit(2) }
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-fuzz-\(getpid())").path
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: scratch) }
try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
let deadline = Date().addingTimeInterval(seconds)
var totals: [String: FuzzRun] = [:]
var round: UInt64 = 0
while Date() < deadline {
    for target in targets where Date() < deadline {
        var run = FuzzRun()
        run.run(target, cases: 2_000, seed: seed &+ round &* 7919, scratch: scratch, shouldStop: { Date() >= deadline })
        for failure in run.failures {
            let file = "\(out)/\(failure.target)-\(seed &+ round &* 7919)-\(failure.caseIndex)"
            let saved = FileManager.default.createFile(atPath: file, contents: Data(failure.input))
            print("FAIL \(failure) (input \(saved ? "saved to \(file)" : "could not be saved to \(file)"))")
        }
        var total = totals[target.name] ?? FuzzRun()
        total.cases += run.cases; total.accepted += run.accepted; total.refused += run.refused
        total.slowest = max(total.slowest, run.slowest); total.failures += run.failures
        totals[target.name] = total
    }
    round += 1
}
for target in targets {
    let total = totals[target.name] ?? FuzzRun()
    print(
        "\(target.name): \(total.cases) cases, \(total.accepted) accepted, \(total.refused) refused, "
            + "\(total.failures.count) failures, slowest \(String(format: "%.3f", total.slowest)) s")
}
exit(totals.values.contains { !$0.failures.isEmpty } ? 1 : 0)
