@testable import AdvisorFormats
import Foundation
import Testing

/// The hand-written parser against Foundation's ISO 8601 formatter.
struct RFC3339Tests {
    static let valid = ["2026-04-12T09:30:00Z", "2026-04-12T09:30:00.250Z", "2026-04-12T09:30:00+02:00",
                        "2024-02-29T23:59:59-05:30", "1999-12-31T00:00:00z", "2026-11-22 10:00:00Z"]
    static let invalid = ["2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-12T24:00:00Z", "2026-04-12T09:30:00",
                          "2026-04-12", "yesterday", "2026-04-12T09:30:00.Z", "2026-04-12T09:30:00+0200"]

    @Test(arguments: valid)
    func matchesFoundation(text: String) throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        let normalised = text.replacingOccurrences(of: " ", with: "T").uppercased()
        let expected = try #require(formatter.date(from: normalised) ?? plain.date(from: normalised))
        let parsed = try #require(RFC3339.parseDateTime(text))
        #expect(abs(parsed.timeIntervalSince(expected)) < 1e-6)
    }

    @Test(arguments: invalid)
    func rejects(text: String) {
        #expect(RFC3339.parseDateTime(text) == nil)
    }

    @Test func bareDates() {
        #expect(RFC3339.parseDateOrDateTime("2026-04-12") == Date(timeIntervalSince1970: 1_775_952_000))
        #expect(RFC3339.parseDateOrDateTime("2026-04-31") == nil)
    }
}

/// The fast decimal path must give exactly what strtod (Swift's Double(String)) gives.
struct NumberParsingTests {
    @Test func simpleDecimalsMatchStrtodExactly() throws {
        var state: UInt64 = 42
        for _ in 0..<100_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let integer = Int(state >> 40) % 1_000_000
            let fraction = Int(state >> 20 & 0xfffff) % 1000
            let digits = Int(state % 5)
            let text = digits == 0 ? "\(integer)" : "\(integer)." + String(String(format: "%06d", fraction).prefix(digits))
            var copy = text
            let parsed = copy.withUTF8 { NumberParser.simpleDecimal($0) }
            #expect(parsed == Double(text), "\(text)")
        }
        var bad = "1.2.3"
        #expect(bad.withUTF8 { NumberParser.simpleDecimal($0) } == nil)
    }
}
