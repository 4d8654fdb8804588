import AdvisorCore
import AdvisorFormats
import AdvisorProbe
import Foundation

/// The attacker kept in the repository (issue 9): every reader of outside input as a fuzz target.
/// A target takes bytes and must answer with a result or with an error that names the input; a
/// crash kills the process, and the runner times every case, so a hang shows as a slow case.
public struct FuzzTarget: Sendable {
    public enum Outcome: Sendable, Equatable {
        case accepted
        /// Refused with a message that names the input (its file, or a position inside it).
        case refused(String)
        /// Refused without saying which input: a property failure.
        case unnamed(String)
    }

    public let name: String
    /// Real inputs to mutate: the repository's fixtures of this format.
    public let seeds: [[UInt8]]
    public let run: @Sendable (_ input: [UInt8], _ scratch: String) -> Outcome

    /// The file name every target gives its input, so messages can be checked for it.
    public static let inputName = "fuzz-input"

    static func named(_ error: FormatError, file: String) -> Outcome {
        error.description.contains(file) ? .refused(error.description) : .unnamed(error.description)
    }

    /// Writes the input where a path-reading reader expects it.
    static func write(_ input: [UInt8], _ path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(input))
    }
}

public enum FuzzTargets {
    /// Every bad row rejects the file, as ingest does without --skip-bad-rows.
    static func reject(_ problem: FormatError) throws(FormatError) { throw problem }

    static let regions: Set<String> = {
        Set((try? BuiltinData.catalogue())?.regions.map(\.code) ?? [])
    }()

    static func seeds(_ relatives: [String]) -> [[UInt8]] {
        relatives.compactMap { FileManager.default.contents(atPath: repo + "/" + $0).map { Array($0) } }
    }

    /// The repository root, from this file's place in it.
    static let repo: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// A reader of files by path: the input is written to `scratch/fuzz-input.EXT` first.
    static func pathReader(
        _ name: String, ext: String, seeds: [[UInt8]],
        read: @escaping @Sendable (SampleReader, String) throws -> Void
    ) -> FuzzTarget {
        FuzzTarget(name: name, seeds: seeds) { input, scratch in
            let path = scratch + "/" + FuzzTarget.inputName + "." + ext
            FuzzTarget.write(input, path)
            let reader = SampleReader(
                regions: regions, defaults: SampleDefaults(source: "us-east-1", profile: "us.amazon.nova-2-lite-v1:0"))
            do {
                try read(reader, path)
                return .accepted
            } catch let error as FormatError {
                return FuzzTarget.named(error, file: path)
            } catch {
                return .unnamed("\(error)")
            }
        }
    }

    /// A reader of a file by its path (the account-evidence readers stream or bound it themselves).
    static func fileReader(_ name: String, ext: String, seeds: [[UInt8]], read: @escaping @Sendable (String) throws -> Void) -> FuzzTarget {
        FuzzTarget(name: name, seeds: seeds) { input, scratch in
            let path = scratch + "/" + FuzzTarget.inputName + "." + ext
            FuzzTarget.write(input, path)
            do {
                try read(path)
                return .accepted
            } catch let error as FormatError {
                return FuzzTarget.named(error, file: path)
            } catch {
                return .unnamed("\(error)")
            }
        }
    }

    /// A reader of text: the input decoded as a file would be (BOM dropped, UTF-8 checked).
    static func textReader(
        _ name: String, ext: String, seeds: [[UInt8]],
        read: @escaping @Sendable (String, String) throws -> Void
    ) -> FuzzTarget {
        FuzzTarget(name: name, seeds: seeds) { input, _ in
            let file = FuzzTarget.inputName + "." + ext
            do {
                var bytes = input
                if bytes.starts(with: BoundedFile.byteOrderMark) { bytes.removeFirst(3) }
                try read(try BoundedFile.decodeUTF8(bytes, file: file), file)
                return .accepted
            } catch let error as FormatError {
                return FuzzTarget.named(error, file: file)
            } catch {
                return .unnamed("\(error)")
            }
        }
    }

    public static let all: [FuzzTarget] = {
        let catalogue = try? BuiltinData.catalogue()
        let dataset = try? BuiltinData.seedDataset()
        let rules = (try? RuleLoader.builtin()) ?? []
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        var raw = "source_region,profile,ttfb_ms,total_ms,status,timestamp,input_tokens,output_tokens\n"
        raw += "eu-central-1,eu.anthropic.claude-sonnet-4-6,766.5,2473,ok,2026-04-12T09:30:00Z,120,200\n"
        raw += "eu-central-1,global.anthropic.claude-sonnet-4-6,,,ThrottlingException,2026-04-12T09:30:01.5+02:00,,\n"
        let jsonl =
            #"{"source_region":"us-east-1","profile":"us.amazon.nova-2-lite-v1:0","ttfb_ms":300.5,"total_ms":900,"status":"ok","input_tokens":12}"#
            + "\n" + #"{"source_region":"us-east-1","profile":"global.amazon.nova-2-lite-v1:0","status":"ThrottlingException"}"# + "\n"
        let expressions =
            rules.flatMap { [$0.conditionSource] } + [
                "a.b.c == [1, 'x', null] ? f(1) : -2 % 3", "has(service.slo) && service.slo.ttfb_p50_ms < 1e3",
            ]
        return [
            pathReader("raw-csv", ext: "csv", seeds: [Array(raw.utf8)]) { reader, path in
                try reader.readCSV(.file(path), file: path, onProblem: reject) { _ in }
            },
            pathReader("raw-jsonl", ext: "jsonl", seeds: [Array(jsonl.utf8)]) { reader, path in
                try reader.readJSONLines(.file(path), file: path, llmeter: false, onProblem: reject) { _ in }
            },
            pathReader("llmeter", ext: "jsonl", seeds: seeds(["Fixtures/peers/llmeter-run/responses.jsonl"])) { reader, path in
                try reader.readJSONLines(.file(path), file: path, llmeter: true, onProblem: reject) { _ in }
            },
            pathReader(
                "llmperf", ext: "json", seeds: seeds(["Fixtures/peers/llmperf/amazon-nova-2-lite-v1-0_550_150_individual_responses.json"])
            ) { reader, path in
                try reader.readLLMPerf(.file(path), file: path, onProblem: reject) { _ in }
            },
            textReader("summary-csv", ext: "csv", seeds: seeds(["Data/datasets/seed-lab-2026-04.csv"])) { text, file in
                _ = try SummaryReader.read(text, file: file)
            },
            textReader(
                "list-inference-profiles", ext: "json",
                seeds: seeds(["Fixtures/aws/eu-central-1-page-1.json", "Fixtures/aws/us-east-1-application-profile.json"])
            ) { text, file in
                _ = try InferenceProfileListReader.read(text, file: file, knownRegions: regions)
            },
            textReader("catalogue-yaml", ext: "yaml", seeds: seeds(["Data/catalogue/default.yaml"])) { text, file in
                _ = try CatalogueReader.read(text, file: file)
            },
            textReader("advisor-yaml", ext: "yaml", seeds: seeds(["Fixtures/configs/clean.yaml", "Fixtures/configs/broken.yaml"])) {
                text, file in
                // Read, validate, and evaluate every built-in rule: a config that reads must also check.
                let config = try ConfigReader.read(text, file: file)
                guard let catalogue else { return }
                try ConfigReader.validate(config, ruleIds: PolicyEngine.ruleIds(rules), catalogue: catalogue)
                _ = PolicyEngine.check(
                    config, rules: rules, environment: PolicyEnvironment(catalogue: catalogue, dataset: dataset), now: now)
            },
            textReader(
                "rule-file", ext: "yaml",
                seeds: seeds(["Rules/latency/slo-miss.yaml", "Rules/capacity/rpm-exceeded.yaml", "Rules/cost/global-cheaper.yaml"])
            ) { text, file in
                _ = try RuleReader.readAll([(name: file, text: text)])
            },
            fileReader(
                "cloudtrail", ext: "json",
                seeds: seeds(["Fixtures/account/cloudtrail-s3.json", "Fixtures/account/cloudtrail-lookup-events.json"])
            ) { path in
                _ = try CloudTrailReader.read(.file(path), file: path, knownRegions: Set(catalogue?.regions.map(\.code) ?? [])) { _ in }
            },
            fileReader(
                "cloudwatch", ext: "json",
                seeds: [
                    Array(
                        #"{"MetricDataResults":[{"Id":"a","Label":"Invocations eu.anthropic.claude-sonnet-4-6","Timestamps":["2026-11-20T09:01:00+00:00","2026-11-20T09:00:00+00:00"],"Values":[51.0,48.0],"StatusCode":"Complete"}],"Messages":[]}"#
                            .utf8)
                ]
            ) { path in
                _ = try CloudWatchReader.read(results: .file(path), queries: nil, source: "eu-central-1") { _ in }
            },
            fileReader("service-quotas", ext: "json", seeds: seeds(["Fixtures/account/service-quotas.json"])) { path in
                guard let catalogue else { return }
                _ = try ServiceQuotasReader.read(.file(path), region: nil, catalogue: catalogue) { _ in }
            },
            FuzzTarget(name: "policy-expression", seeds: expressions.map { Array($0.utf8) }) { input, _ in
                let text = String(decoding: input, as: UTF8.self)
                do throws(Policy.ExpressionError) {
                    let expression = try Policy.Parser.parse(text)
                    _ = try Policy.Checker.check(expression, roots: PolicySchema.serviceRoots)
                    return .accepted
                } catch {
                    // An expression error names its place in the text: the span must lie inside it.
                    return error.span.offset <= text.utf8.count ? .refused(error.message) : .unnamed("span \(error.span) outside the text")
                }
            },
            FuzzTarget(name: "event-stream", seeds: eventStreamSeeds()) { input, _ in
                var decoder = EventStreamDecoder(maximumFrameLength: 1 << 20)
                do throws(EventStreamError) {
                    // Fed in uneven pieces, as a network delivers it.
                    var index = 0, step = 1
                    while index < input.count {
                        let end = min(input.count, index + step)
                        _ = try decoder.feed(input[index..<end])
                        index = end
                        step = step * 3 % 97 + 1
                    }
                    try decoder.finish()
                    return .accepted
                } catch {
                    return .refused(error.description)
                }
            },
        ]
    }()

    /// Frames from AWS's own vectors (../shared/testdata), when present, else one frame we encode.
    static func eventStreamSeeds() -> [[UInt8]] {
        let directory = repo + "/../shared/testdata/eventstream/encoded/positive"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory).sorted()) ?? []
        let vectors = names.compactMap { FileManager.default.contents(atPath: directory + "/" + $0).map { Array($0) } }
        if !vectors.isEmpty { return vectors }
        let message = EventStreamMessage(
            headers: [EventStreamHeader(name: ":event-type", value: .string("contentBlockDelta"))],
            payload: Array(#"{"delta":{"text":"hi"}}"#.utf8))
        return [EventStreamEncoder.encode(message)]
    }
}
