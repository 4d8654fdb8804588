import AdvisorCore
import AdvisorReporting
import ArgumentParser
import Foundation

func parseAsOf(_ text: String?) throws -> Date {
    guard let text else { return Date() }
    guard let date = RFC3339.parseDateOrDateTime(text) else {
        throw CommandFailure.badInput("--as-of: '\(text)' is not a date such as 2026-11-22")
    }
    return date
}
