import AdvisorCore
import AdvisorFormats
import AdvisorTestSupport
import Foundation
import Testing

/// The latency readers have the evidence readers' shape: a file or bytes in (ReaderInput), rows or
/// a positioned error out; the probe's columns come from ProbeField.
struct SampleReaderTests {
    static var reader: SampleReader { SampleReader(regions: ["eu-central-1", "us-east-1"]) }

    /// A row as comparable text: every field it carries, base and probe.
    static func describe(_ row: SampleRow) -> String {
        let probe = ProbeField.allCases.compactMap { field -> String? in
            switch row.probe[field] {
            case .flag(let value)?: "\(field.column)=\(value)"
            case .count(let value)?: "\(field.column)=\(value)"
            case .milliseconds(let value)?: "\(field.column)=\(value)"
            case .text(let value)?: "\(field.column)=\(value.string)"
            case nil: nil
            }
        }
        return
            "\(row.line) \(row.source.string) \(row.profile.string) \(row.ttfbMs ?? -1) \(row.totalMs ?? -1) \(row.status?.string ?? "ok") "
            + probe.joined(separator: ",")
    }

    func rows(_ read: ((SampleRow) throws(FormatError) -> Void) throws(FormatError) -> Void) throws -> [String] {
        var out: [String] = []
        try read { (row) throws(FormatError) in out.append(Self.describe(row)) }
        return out
    }

    @Test func bytesInMemoryReadAsTheSameFileDoesAcrossChunkBoundaries() throws {
        // 5 MiB and more: the CSV reader's chunks are 4 MiB, so a record straddles a boundary.
        var csv = "source_region,profile,ttfb_ms,total_ms,status," + ProbeField.allCases.map(\.column).joined(separator: ",") + "\n"
        var index = 0
        while csv.utf8.count < 5 << 20 {
            csv +=
                "eu-central-1,eu.anthropic.claude-sonnet-4-6,\(700 + index % 97),\(2400 + index % 89),ok,"
                + "\(index % 5 == 0),\(1 + index % 3),\(2500 + index % 7),1.5,10,20,600,\(700 + index % 97),650,req-\(index),2,\(index % 2 == 0)\n"
            index += 1
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("calls.csv")
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let fromFile = try rows { body throws(FormatError) in
            try Self.reader.readCSV(.file(path), file: "calls.csv", onProblem: { (error) throws(FormatError) in throw error }, body)
        }
        let fromBytes = try rows { body throws(FormatError) in
            try Self.reader.readCSV(
                .bytes(Array(csv.utf8), name: "calls.csv"), file: "calls.csv", onProblem: { (error) throws(FormatError) in throw error },
                body)
        }
        #expect(fromFile.count == index && fromBytes == fromFile)
        // Every declared probe column was read, with its kind.
        #expect(
            fromBytes[0].hasSuffix(
                "warmup=true,attempts=1,call_ms=2500.0,dns_ms=1.5,connect_ms=10.0,tls_ms=20.0,headers_ms=600.0,"
                    + "first_event_ms=700.0,server_latency_ms=650.0,request_id=req-0,http_version=2,new_connection=true"))
    }

    @Test func aBadProbeValueIsRefusedNamingItsDeclaredColumn() {
        for (field, bad, expected) in [
            (ProbeField.warmup, "maybe", "is not true or false"), (.attempts, "-1", "is not a whole number"),
            (.dnsMs, "soon", "is not a non-negative number of milliseconds"), (.requestId, "a\u{1B}b", "control character"),
        ] {
            let csv = "source_region,profile,ttfb_ms,total_ms,\(field.column)\neu-central-1,eu.m,700,2400,\(bad)\n"
            do {
                try Self.reader.readCSV(
                    .bytes(Array(csv.utf8), name: "m.csv"), file: "m.csv", onProblem: { (error) throws(FormatError) in throw error }
                ) { _ in }
                Issue.record("\(field.column)=\(bad) was accepted")
            } catch {
                #expect(error.line == 2 && error.field == field.column && error.message.contains(expected), "\(error)")
            }
        }
    }

    @Test func jsonLinesAndLLMPerfReadFromBytesToo() throws {
        let line = #"{"source_region":"us-east-1","profile":"us.m","ttfb_ms":300.5,"total_ms":900,"warmup":true,"http_version":"1.1"}"#
        let jsonl = try rows { body throws(FormatError) in
            try Self.reader.readJSONLines(
                .bytes(Array((line + "\n").utf8), name: "a.jsonl"), file: "a.jsonl", llmeter: false,
                onProblem: { (error) throws(FormatError) in throw error }, body)
        }
        #expect(jsonl == ["1 us-east-1 us.m 300.5 900.0 ok warmup=true,http_version=1.1"])
        let llmperf = Array(
            try Data(contentsOf: Repo.file("Fixtures/peers/llmperf/amazon-nova-2-lite-v1-0_550_150_individual_responses.json")))
        let reader = SampleReader(
            regions: ["us-east-1"], defaults: SampleDefaults(source: "us-east-1", profile: "us.amazon.nova-2-lite-v1:0"))
        var count = 0
        try reader.readLLMPerf(.bytes(llmperf, name: "r.json"), file: "r.json", onProblem: { (error) throws(FormatError) in throw error }) {
            _ in count += 1
        }
        #expect(count > 0)
    }
}
