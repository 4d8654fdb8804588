@testable import AdvisorCore
import Foundation
import Testing

/// The hand-written parser against Foundation's ISO 8601 formatter.
struct RFC3339Tests {
    static let valid = [
        "2026-04-12T09:30:00Z", "2026-04-12T09:30:00.250Z", "2026-04-12T09:30:00+02:00",
        "2024-02-29T23:59:59-05:30", "1999-12-31T00:00:00z", "2026-11-22 10:00:00Z",
    ]
    static let invalid = [
        "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-12T24:00:00Z", "2026-04-12T09:30:00",
        "2026-04-12", "yesterday", "2026-04-12T09:30:00.Z", "2026-04-12T09:30:00+0200",
    ]

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
    /// Writing, against Foundation's formatters over a seeded sample of 2,000 instants from 1900 to 2200.
    @Test func formatsAsFoundationDoes() {
        let iso = ISO8601DateFormatter()
        let basic = DateFormatter()
        basic.locale = Locale(identifier: "en_US_POSIX")
        basic.timeZone = TimeZone(identifier: "UTC")
        basic.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        var state: UInt64 = 20_261_202
        for _ in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let seconds = -2_208_988_800 + Double(state >> 30 % 9_467_280_000)
            let date = Date(timeIntervalSince1970: seconds.rounded(.down))
            #expect(RFC3339.dateTimeString(date) == iso.string(from: date))
            #expect(RFC3339.basicDateTimeString(date) == basic.string(from: date))
            #expect(RFC3339.dateString(date) == String(iso.string(from: date).prefix(10)))
            #expect(RFC3339.parseDateTime(RFC3339.dateTimeString(date)) == date)
        }
    }
}
