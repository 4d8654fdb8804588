import AdvisorCore
@testable import AdvisorFormats
import AdvisorTestSupport
import Foundation
import Testing

struct CloudTrailReaderTests {
    /// Elements come out whole however the bytes are cut: brackets and quotes inside strings do not
    /// count, escapes do not end a string, and nothing outside the named array is taken.
    @Test func theSplitterFindsEachElementWhateverTheChunking() throws {
        let text = #"{"Other": [{"x": 1}], "Records": [{"a": "}]{[", "b": {"c": "\"}"}}, {"d": []}], "Tail": {"e": "]"}}"#
        let bytes = Array(text.utf8)
        for size in [1, 2, 3, 7, bytes.count] {
            var splitter = JSONArrayElements(keys: ["Records"], file: "t.json")
            var found: [String] = []
            for start in stride(from: 0, to: bytes.count, by: size) {
                let chunk = Array(bytes[start..<min(start + size, bytes.count)])
                try chunk.withUnsafeBufferPointer { (buffer) throws(FormatError) in
                    try splitter.feed(buffer) { element, _, _ in found.append(String(decoding: element, as: UTF8.self)) }
                }
            }
            try splitter.finish()
            #expect(found == [#"{"a": "}]{[", "b": {"c": "\"}"}}"#, #"{"d": []}"#], "chunks of \(size)")
        }
    }

    /// The splitter also reads a document that is itself the array (llmperf), and checks the
    /// envelope around the elements as strictly as each element: a duplicate top-level key or a
    /// trailing comma is named with its line, which counts the lines inside elements.
    @Test func theEnvelopeIsCheckedAndATopLevelArrayIsSplit() throws {
        func split(_ text: String, keys: Set<String>?) throws(FormatError) -> [String] {
            var splitter = JSONArrayElements(keys: keys, file: "t.json", elementName: "item", expected: "test input")
            var found: [String] = []
            try Array(text.utf8).withUnsafeBufferPointer { (buffer) throws(FormatError) in
                try splitter.feed(buffer) { element, _, _ in found.append(String(decoding: element, as: UTF8.self)) }
            }
            try splitter.finish()
            return found
        }
        #expect(try split("\u{FEFF}[{\"a\": 1},\n {\"b\": [2]}]", keys: nil) == [#"{"a": 1}"#, #"{"b": [2]}"#])
        let cases: [(String, Set<String>?, String)] = [
            ("{\"Quotas\": [],\n \"Quotas\": []}", ["Quotas"], "t.json:2:2: the file is not valid JSON: the key \"Quotas\" appears twice"),
            ("{\"Quotas\": [{\n\"a\": 1\n}, ]}", ["Quotas"], "t.json:3:4: the file is not valid JSON: a trailing comma before ']'"),
            ("[{\"a\": 1},]", nil, "a trailing comma before ']'"),
            ("[{\"a\": 1}, 2]", nil, "item 2 is not a JSON object"),
            ("[]", nil, ""),
        ]
        for (text, keys, message) in cases {
            do {
                _ = try split(text, keys: keys)
                #expect(message.isEmpty, "\(text) was accepted")
            } catch {
                #expect(!message.isEmpty && error.description.contains(message), "\(text): \(error.description)")
            }
        }
    }

    /// CloudTrail's S3 files are gzip; concatenated members (RFC 1952) are read as one stream.
    @Test func gzipAndConcatenatedGzipAreInflated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("two.json.gz")
        let made = try Subprocess.run(
            URL(fileURLWithPath: "/bin/sh"),
            [
                "-c",
                "printf '{\"Records\": [' | gzip -c > '\(path)'; printf '{\"eventSource\": \"s3.amazonaws.com\"}]}' | gzip -c >> '\(path)'",
            ])
        try #require(made.code == 0, "\(made.stderr)")
        let summary = try CloudTrailReader.read(.file(path), file: "two.json.gz", knownRegions: []) { _ in }
        #expect(summary == CloudTrailReader.Summary(records: 1, calls: 0))
        try Data([0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02]).write(to: URL(fileURLWithPath: directory.path("bad.gz")))
        #expect(throws: FormatError.self) {
            try CloudTrailReader.read(.file(directory.path("bad.gz")), file: "bad.gz", knownRegions: []) { _ in }
        }
    }

    @Test func anARNIsReducedToItsProfileId() {
        #expect(
            ObservedCall.profileId("arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-6")
                == "eu.anthropic.claude-sonnet-4-6")
        #expect(ObservedCall.profileId("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-2-lite-v1:0") == "amazon.nova-2-lite-v1:0")
        let application = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123"
        #expect(ObservedCall.profileId(application) == application)
        #expect(ObservedCall.profileId("global.amazon.nova-2-lite-v1:0") == "global.amazon.nova-2-lite-v1:0")
    }

    /// Records of Bedrock event sources advisor does not read are counted and named, the names
    /// bounded: an invented source per record does not make a name per record.
    @Test func unknownBedrockSourcesAreCountedWithBoundedNames() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let records = (0..<100).map { #"{"eventSource": "bedrock-x\#($0).amazonaws.com", "eventName": "Invoke", "eventID": "e\#($0)"}"# }
        let path = directory.path("t.json")
        try (#"{"Records": ["# + records.joined(separator: ",") + "]}").write(toFile: path, atomically: true, encoding: .utf8)
        let summary = try CloudTrailReader.read(.file(path), file: "t.json", knownRegions: []) { _ in }
        #expect(summary.calls == 0 && summary.records == 100)
        #expect(summary.unknownBedrockSources.values.reduce(0, +) == 100)
        #expect(summary.unknownBedrockSources.count == CloudTrailReader.maximumNamedSources + 1)
        #expect(summary.unknownBedrockSources["other Bedrock event sources"] == 80)
    }
}
