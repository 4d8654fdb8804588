import AdvisorApp
import AdvisorCore
@testable import AdvisorProbe
import AdvisorStore
import Foundation
import Testing

/// The probe's and verify's own decisions, in process with no endpoint: which profiles a run calls,
/// how a call is stored, and how verify tells "refused" from "unreachable".
struct ProbeUseCaseTests {
    static let catalogue = try! StoreSettings.advisor.content.catalogue()

    @Test func targetsAreEveryCallableWayOrWhatTheUserNamedIfCallable() throws {
        let all = try ProbeTargets.resolve(
            nil, model: "anthropic.claude-sonnet-4-6", source: "eu-central-1",
            catalogue: Self.catalogue, force: false)
        #expect(all.contains("eu.anthropic.claude-sonnet-4-6") && all.contains("global.anthropic.claude-sonnet-4-6"), "\(all)")
        #expect(!all.contains("us.anthropic.claude-sonnet-4-6"))
        let named = try ProbeTargets.resolve(
            "global, eu,global", model: "anthropic.claude-sonnet-4-6", source: "eu-central-1",
            catalogue: Self.catalogue, force: false)
        #expect(named == ["global.anthropic.claude-sonnet-4-6", "eu.anthropic.claude-sonnet-4-6"])
        #expect(throws: RequestError.self) {
            try ProbeTargets.resolve(
                "us.anthropic.claude-sonnet-4-6", model: "anthropic.claude-sonnet-4-6", source: "eu-central-1",
                catalogue: Self.catalogue, force: false)
        }
        let forced = try ProbeTargets.resolve(
            "us.anthropic.claude-sonnet-4-6", model: "anthropic.claude-sonnet-4-6", source: "eu-central-1",
            catalogue: Self.catalogue, force: true)
        #expect(forced == ["us.anthropic.claude-sonnet-4-6"])
        do {
            _ = try ProbeTargets.resolve(
                "moon", model: "anthropic.claude-sonnet-4-6", source: "eu-central-1", catalogue: Self.catalogue, force: false)
            Issue.record("an unknown scope was accepted")
        } catch {
            #expect("\(error)".hasPrefix("--profiles: 'moon' is neither a profile id nor a scope"), "\(error)")
        }
    }

    static func sample(
        _ profile: String, status: String = "ok", warmup: Bool = false, error: BedrockError? = nil,
        ttfb: Double? = 700, total: Double? = 2400
    ) -> ProbeSample {
        let measurement = AttemptMeasurement(
            status: status, error: error, httpStatus: status == "ok" ? 200 : 400, requestId: "r-1",
            firstEventMs: ttfb, firstTokenMs: ttfb.map { $0 + 5 }, totalMs: total, serverLatencyMs: 650,
            inputTokens: 12, outputTokens: 40, transfer: nil, failedMidStream: false)
        return ProbeSample(
            profile: profile, round: warmup ? -1 : 0, warmup: warmup, attempts: 1,
            startedAt: Date(timeIntervalSince1970: 1_790_000_000), callMs: 2450, measurement: measurement)
    }

    /// ProbeField is the one declaration of what the probe stores: every field declared has a
    /// source in a measured call (nothing declared is silently never filled), and a stored call
    /// exports every one of them under its declared column with the value measured.
    @Test func everyDeclaredProbeFieldIsMeasuredStoredAndExported() throws {
        var sample = Self.sample("eu.m")
        sample.measurement.transfer = TransferTimings(
            dnsMs: 3, connectMs: 10, tlsMs: 20, firstByteMs: 600, totalMs: 2400, httpVersion: "2", newConnection: true)
        let row = ProbeRecords.row(sample, source: "eu-central-1", model: "m", runId: "run")
        for field in ProbeField.allCases { #expect(row.probe[field] != nil, "\(field.column) is declared but never measured") }
        let store = try Store.inMemory(now: sample.startedAt, settings: .advisor)
        try store.appendProbeSamples([row], dataset: "p", runId: "run", origin: "test", now: sample.startedAt)
        let exported = try #require(try store.rawSamples(dataset: "p").first)
        let byName = Dictionary(uniqueKeysWithValues: exported.fields.map { ($0.name, $0.value) })
        for field in ProbeField.allCases {
            let expected: RawSampleRecord.Value?
            switch row.probe[field] {
            case .flag(let value)?: expected = .flag(value)
            case .count(let value)?: expected = .integer(value)
            case .milliseconds(let value)?: expected = .number(value)
            case .text(let value)?: expected = .text(value.string)
            case nil: expected = nil
            }
            #expect(byName[field.column] == expected, "\(field.column)")
        }
        #expect(byName["dns_ms"] == .number(3) && byName["http_version"] == .text("2") && byName["new_connection"] == .flag(true))
    }

    @Test func aCallIsStoredWithItsProbeFieldsAndAFailureWithoutLatency() {
        let ok = ProbeRecords.row(Self.sample("eu.m"), source: "eu-central-1", model: "m", runId: "run")
        #expect(
            ok.status == nil && ok.ttfbMs == 700 && ok.totalMs == 2400 && ok.probe[.serverLatencyMs]?.milliseconds == 650
                && ok.probe[.requestId]?.text?.string == "r-1")
        #expect(ok.timestamp?.string == "2026-09-21T14:13:20Z" && ok.hasProbeFields)
        let failed = ProbeRecords.row(Self.sample("eu.m", status: "ThrottlingException"), source: "eu-central-1", model: "m", runId: "run")
        #expect(
            failed.status?.string == "ThrottlingException" && failed.ttfbMs == nil && failed.totalMs == nil
                && failed.probe[.firstEventMs]?.milliseconds == 700)
    }

    @Test func verifyTellsARefusedProfileFromAnUnreachableOne() {
        let refused = BedrockError(code: "ValidationException", message: "The provided model identifier is invalid.", httpStatus: 400)
        #expect(refused.kind == .final)
        let outcome = ProbeRunner.Outcome(
            samples: [
                Self.sample("eu.m", warmup: true), Self.sample("eu.m"), Self.sample("eu.m", ttfb: 720, total: 2500),
                Self.sample("us.m", status: "ValidationException", error: refused, ttfb: nil, total: nil),
                Self.sample(
                    "global.m", status: "ConnectionError", error: BedrockError(code: "ConnectionError", message: "reset"), ttfb: nil,
                    total: nil),
            ], interrupted: false)
        let eu = ProbeRecords.measured("eu.m", in: outcome, source: "eu-central-1")
        #expect(eu?.stats.n == 2 && eu?.refusal == nil)
        let us = ProbeRecords.measured("us.m", in: outcome, source: "eu-central-1")
        #expect(us?.stats.n == 0 && us?.refusal?.contains("ValidationException") == true, "\(String(describing: us?.refusal))")
        let global = ProbeRecords.measured("global.m", in: outcome, source: "eu-central-1")
        #expect(global?.stats.n == 0 && global?.refusal == nil)
        #expect(ProbeRecords.measured(nil, in: outcome, source: "eu-central-1") == nil)
        #expect(
            ProbeRecords.failures(outcome.samples)
                == "ConnectionError: reset; ValidationException: The provided model identifier is invalid.")
    }
}
