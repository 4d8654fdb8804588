public import AdvisorCore
import Foundation

/// Reads the summary format (docs/data-formats.md): CSV with the header
/// `source_region,profile,metric,statistic,value_ms[,n]`, and `# key: value` metadata lines before it.
public enum SummaryReader {
    public static let requiredColumns = ["source_region", "profile", "metric", "statistic", "value_ms"]
    public static let optionalColumns = ["n"]
    static let metadataKeys = ["dataset", "measured", "origin", "description"]

    public static func read(_ text: String, file: String) throws(FormatError) -> SummaryFile {
        var metadata: [String: String] = [:]
        var seenHeader = false
        let records = try CSVParser.parse(text, file: file) { comment, _ in
            guard !seenHeader else { return }
            let body = comment.dropFirst().drop { $0 == " " }
            guard let colon = body.firstIndex(of: ":") else { return }
            let key = String(body[..<colon]).lowercased()
            if metadataKeys.contains(key) {
                metadata[key] = body[body.index(after: colon)...].trimmingSpaces()
            }
        }
        guard let header = records.first else {
            throw FormatError(
                file: file, line: 1,
                message: "has no header row; expected "
                    + (requiredColumns + optionalColumns).joined(separator: ","))
        }
        seenHeader = true
        let columns = header.fields.map { $0.trimmingSpaces() }
        var seenColumns: Set<String> = []
        for column in columns where !seenColumns.insert(column).inserted {
            throw FormatError(file: file, line: header.line, field: column, message: "appears twice in the header; each column once")
        }
        for column in columns where !(requiredColumns + optionalColumns).contains(column) {
            throw FormatError(
                file: file, line: header.line, field: column,
                message: "unknown column" + Suggest.hint(column, in: requiredColumns + optionalColumns))
        }
        for column in requiredColumns where !columns.contains(column) {
            throw FormatError(file: file, line: header.line, field: column, message: "missing required column")
        }
        let position = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })

        var rows: [SummaryRow] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == columns.count else {
                throw FormatError(
                    file: file, line: record.line,
                    message: "has \(record.fields.count) fields; the header has \(columns.count)")
            }
            func field(_ name: String) -> String { record.fields[position[name]!].trimmingSpaces() }
            func fail(_ name: String, _ message: String) -> FormatError {
                FormatError(file: file, line: record.line, field: name, message: message)
            }
            for (index, value) in record.fields.enumerated() where value.utf8.contains(0) {
                throw fail(columns[index], "contains a NUL byte; expected text")
            }
            let source = field("source_region"), profile = field("profile")
            guard !source.isEmpty else { throw fail("source_region", "is empty; expected a region code") }
            guard !profile.isEmpty else { throw fail("profile", "is empty; expected a profile or model id") }
            guard let metric = LatencyMetric(rawValue: field("metric")) else {
                throw fail("metric", "'\(Sanitize.excerpt(field("metric")))' is not ttfb or total")
            }
            guard let statistic = Statistic(rawValue: field("statistic")) else {
                throw fail(
                    "statistic",
                    "'\(Sanitize.excerpt(field("statistic")))' is not one of "
                        + Statistic.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard let value = NumberParser.double(.string(field("value_ms"))), value.isFinite, value >= 0 else {
                throw fail("value_ms", "'\(Sanitize.excerpt(field("value_ms")))' is not a non-negative number of milliseconds")
            }
            var n: Int?
            if position["n"] != nil, !field("n").isEmpty {
                guard let count = Int(field("n")), count > 0, count <= 1_000_000_000_000 else {
                    throw fail("n", "'\(Sanitize.excerpt(field("n")))' is not a whole number from 1 to 10^12")
                }
                n = count
            }
            let key = "\(source)|\(profile)|\(metric.rawValue)|\(statistic.rawValue)"
            if let earlier = seen[key] {
                throw FormatError(
                    file: file, line: record.line,
                    message: "repeats \(metric.rawValue) \(statistic.rawValue) for \(profile) from \(source) (first on line \(earlier))")
            }
            seen[key] = record.line
            rows.append(
                SummaryRow(
                    line: record.line, source: source, profile: profile, metric: metric,
                    statistic: statistic, valueMs: value, n: n))
        }
        guard !rows.isEmpty else {
            throw FormatError(file: file, line: header.line, message: "has a header but no rows")
        }
        return SummaryFile(
            name: metadata["dataset"], measured: metadata["measured"], origin: metadata["origin"],
            description: metadata["description"], rows: rows)
    }

    /// Every region must be known to the catalogue; profiles may be unknown (a dataset can outlive one).
    public static func validate(_ summary: SummaryFile, against catalogue: Catalogue, file: String) throws(FormatError) {
        for row in summary.rows where catalogue.region(row.source) == nil {
            throw FormatError(
                file: file, line: row.line, field: "source_region",
                message: "unknown region '\(row.source)'" + Suggest.hint(row.source, in: catalogue.regions.map(\.code)))
        }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        func isSpace(_ character: Character) -> Bool { character == " " || character == "\t" }
        guard let first = first, let last = last, isSpace(first) || isSpace(last) else { return String(self) }
        return String(self.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
