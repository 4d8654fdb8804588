public import Foundation

/// The one place dates are read and written. RFC 3339 date-times (`2026-04-12T09:30:00Z`,
/// `…T09:30:00.123+02:00`) and full dates, parsed by hand: a date formatter per row made ingest a
/// hundred times slower than SQLite's own import. Written always in UTC, without a formatter, a
/// locale or a time zone database.
public enum RFC3339 {
    public static func parseDateTime(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parseDateTime(bytes: $0) }
    }

    /// `YYYY-MM-DD` as midnight UTC, or a full date-time.
    public static func parseDateOrDateTime(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes in
            if bytes.count == 10 { return date(bytes).map { Date(timeIntervalSince1970: Double($0) * 86_400) } }
            return parseDateTime(bytes: bytes)
        }
    }

    /// `2026-04-12`.
    public static func dateString(_ date: Date) -> String {
        let (year, month, day, _, _, _) = civil(date)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// `2026-04-12T09:30:00Z`, whole seconds.
    public static func dateTimeString(_ date: Date) -> String {
        let (year, month, day, hour, minute, second) = civil(date)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))Z"
    }

    /// `20260412T093000Z`: ISO 8601's basic format, SigV4's X-Amz-Date and names of imported catalogues.
    public static func basicDateTimeString(_ date: Date) -> String {
        let (year, month, day, hour, minute, second) = civil(date)
        return "\(pad(year, 4))\(pad(month, 2))\(pad(day, 2))T\(pad(hour, 2))\(pad(minute, 2))\(pad(second, 2))Z"
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Year, month, day, hour, minute and second (rounded down) in UTC.
    static func civil(_ date: Date) -> (Int, Int, Int, Int, Int, Int) {
        let seconds = Int(saturating: date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let inDay = seconds - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, inDay / 3600, inDay % 3600 / 60, inDay % 60)
    }

    @usableFromInline
    static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    /// Days since 1970-01-01 of a valid `YYYY-MM-DD` prefix.
    @usableFromInline
    static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2),
            (1...12).contains(month), day >= 1
        else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Inlinable: ingest validates a timestamp on every row, from another module.
    @inlinable
    public static func parseDateTime(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count >= 20, let days = date(bytes),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " "),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let hour = digits(bytes, 11, 2), let minute = digits(bytes, 14, 2), let second = digits(bytes, 17, 2),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, let digit = digits(bytes, index, 1) {
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                let hours = digits(bytes, index + 1, 2), let minutes = digits(bytes, index + 4, 2),
                hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 60 + minutes) * 60 * (bytes[index] == UInt8(ascii: "+") ? 1 : -1)
        default:
            return nil
        }
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
