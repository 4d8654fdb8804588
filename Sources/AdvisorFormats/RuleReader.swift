public import AdvisorCore
import Foundation

/// Reads rule files (Rules/*.yaml, one rule each). The condition, the message's placeholders and
/// every example config are checked when the file is read: an unknown field or function or a type
/// error is reported at its file:line:column before anything is evaluated.
public enum RuleReader {
    static let keys = [
        "id", "title", "severity", "applies_to", "description", "rationale", "remediation", "docs",
        "condition", "message", "location", "examples",
    ]

    public static func read(_ text: String, file: String) throws(FormatError) -> Rule {
        let root = try YAMLCursor.parse(text, file: file)
        let fields = try root.mapping(keys: keys)
        let idCursor = try fields.required("id")
        let id = try idCursor.string()
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }), !id.isEmpty else {
            throw idCursor.error("a rule id is letters, digits, '-', '_' and '.', such as routing.not-callable")
        }
        let severityCursor = try fields.required("severity")
        guard let severity = Severity(rawValue: try severityCursor.string()) else {
            throw severityCursor.error("expected error, warning or note, found '\(try severityCursor.string())'")
        }
        let subjectCursor = fields.optional("applies_to")
        let subject =
            try subjectCursor.map { (cursor) throws(FormatError) -> RuleSubject in
                guard let subject = RuleSubject(rawValue: try cursor.string()) else {
                    throw cursor.error("expected service or quota, found '\(try cursor.string())'")
                }
                return subject
            } ?? .service
        let conditionCursor = try fields.required("condition")
        let conditionSource = try conditionCursor.string()
        let condition: Policy.Expression
        do throws(Policy.ExpressionError) {
            condition = try Policy.Parser.parse(conditionSource)
            let type = try Policy.Checker.check(condition, roots: subject.roots)
            guard type == .bool || type == .any else {
                throw Policy.ExpressionError(span: condition.span, message: "a condition must be a bool, this is a \(type)")
            }
        } catch {
            throw locate(error, in: conditionCursor, text: text, field: "condition")
        }
        let messageCursor = try fields.required("message")
        let messageSource = try messageCursor.string()
        let message: MessageTemplate
        do throws(Policy.ExpressionError) {
            message = try MessageTemplate.parse(messageSource)
            for case .expression(let expression, _) in message.parts {
                _ = try Policy.Checker.check(expression, roots: subject.roots)
            }
        } catch {
            throw locate(error, in: messageCursor, text: text, field: "message")
        }
        var location: [String]?
        if let locationCursor = fields.optional("location") {
            let path = try locationCursor.string().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            do throws(Policy.ExpressionError) {
                _ = try Policy.Checker.check(.path(path, Policy.SourceSpan(offset: 0, length: 0)), roots: subject.roots)
            } catch {
                throw locationCursor.error(error.message)
            }
            location = path
        }
        var examples: [RuleExample] = []
        for item in try fields.optional("examples")?.list() ?? [] {
            let exampleFields = try item.mapping(keys: ["triggers", "config", "data", "observed", "note", "as_of"])
            let config = try ConfigReader.read(try exampleFields.required("config"), file: file)
            var dataset: Dataset?
            if let data = exampleFields.optional("data") {
                var routes: [RouteKey: RouteStats] = [:]
                for row in try data.list() {
                    let fields = try row.mapping(keys: ["source_region", "profile", "metric", "statistic", "value_ms", "n"])
                    let metricCursor = try fields.required("metric"), statisticCursor = try fields.required("statistic")
                    guard let metric = LatencyMetric(rawValue: try metricCursor.string()) else {
                        throw metricCursor.error("expected ttfb or total")
                    }
                    guard let statistic = Statistic(rawValue: try statisticCursor.string()) else {
                        throw statisticCursor.error("expected p50, p90, p95, p99, max or mean")
                    }
                    let key = RouteKey(
                        source: try fields.required("source_region").string(), profile: try fields.required("profile").string())
                    var stats = routes[key] ?? RouteStats()
                    stats.values[MetricStatistic(metric, statistic)] = try fields.required("value_ms").double()
                    if let n = fields.optional("n") { stats.n = try n.int() }
                    routes[key] = stats
                }
                dataset = Dataset(name: "example", routes: routes)
            }
            var observed: [ObservedCount] = []
            for row in try exampleFields.optional("observed")?.list() ?? [] {
                let fields = try row.mapping(keys: [
                    "source_region", "profile", "served_region", "calls", "failed", "last", "error_code", "caller", "sdk", "retry_mode",
                ])
                let lastCursor = try fields.required("last")
                let last = try lastCursor.string()
                guard RFC3339.parseDateOrDateTime(last) != nil else {
                    throw lastCursor.error("expected an RFC 3339 date-time such as 2026-11-20T09:00:00Z")
                }
                let errorCode = try fields.optional("error_code")?.string()
                let mode = fields.optional("retry_mode")
                if let mode, !ClientAgent.retryModes.contains(try mode.string()) {
                    throw mode.error("expected " + ClientAgent.retryModes.joined(separator: ", "))
                }
                observed.append(
                    ObservedCount(
                        source: try fields.required("source_region").string(), profile: try fields.required("profile").string(),
                        servedRegion: try fields.required("served_region").string(),
                        succeeded: try fields.optional("failed")?.bool() != true && errorCode == nil,
                        calls: try fields.required("calls").int(), first: last, last: last,
                        throttled: errorCode.map(ThrottleCodes.all.contains) ?? false,
                        caller: try fields.optional("caller")?.string() ?? "",
                        client: ClientAgent(sdk: try fields.optional("sdk")?.string() ?? "", retryMode: try mode?.string() ?? "")))
            }
            var asOf: Date?
            if let cursor = exampleFields.optional("as_of") {
                guard let date = RFC3339.parseDateOrDateTime(try cursor.string()) else { throw cursor.error("expected a date YYYY-MM-DD") }
                asOf = date
            }
            examples.append(
                RuleExample(
                    triggers: try exampleFields.required("triggers").bool(), config: config,
                    dataset: dataset, observed: observed, asOf: asOf, line: item.line ?? 0))
        }
        guard examples.contains(where: \.triggers), examples.contains(where: { !$0.triggers }) else {
            throw root.error(
                "rule \(id) needs examples that trigger it and examples that do not (examples: [{triggers: true, config: …}, {triggers: false, config: …}])"
            )
        }
        let descriptor = RuleDescriptor(
            id: id, title: try fields.required("title").string(), severity: severity, subject: subject,
            description: try fields.required("description").string(), rationale: try fields.required("rationale").string(),
            remediation: try fields.required("remediation").string(), docs: try fields.optional("docs")?.string())
        return Rule(
            descriptor: descriptor, condition: condition, conditionSource: conditionSource, message: message, location: location,
            examples: examples, file: file)
    }

    /// Reads a set of rule files; a repeated id is an error naming both files.
    public static func readAll(_ files: [(name: String, text: String)]) throws(FormatError) -> [Rule] {
        var rules: [Rule] = []
        var seen: [String: String] = [:]
        for file in files {
            let rule = try read(file.text, file: file.name)
            if let first = seen[rule.id] {
                throw FormatError(file: file.name, line: 1, field: "id", message: "duplicate rule id '\(rule.id)' (also in \(first))")
            }
            seen[rule.id] = file.name
            rules.append(rule)
        }
        return rules
    }

    /// Maps an offset inside a scalar's text back to the file's line and column.
    static func locate(_ error: Policy.ExpressionError, in cursor: YAMLCursor, text: String, field: String) -> FormatError {
        guard let scalar = cursor.scalarText, let markLine = cursor.line, let markColumn = cursor.column else {
            return cursor.error(error.message)
        }
        let value = Array(scalar.utf8)
        let offset = min(error.span.offset, value.count)
        let before = value[..<offset]
        let lineIndex = before.filter { $0 == 10 }.count
        let column = offset - ((before.lastIndex(of: 10)).map { $0 + 1 } ?? 0)
        switch cursor.scalarStyle {
        case .literal, .folded:
            // The file line's indentation is the block's plus the scalar line's own leading spaces.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let fileLine = markLine + 1 + lineIndex
            let rawIndent = fileLine - 1 < lines.count ? lines[fileLine - 1].prefix { $0 == " " }.count : 0
            let scalarLines = scalar.split(separator: "\n", omittingEmptySubsequences: false)
            let ownIndent = lineIndex < scalarLines.count ? scalarLines[lineIndex].prefix { $0 == " " }.count : 0
            return FormatError(
                file: cursor.file, line: fileLine, column: rawIndent - ownIndent + column + 1, field: field,
                message: error.message)
        case .singleQuoted, .doubleQuoted:
            return FormatError(
                file: cursor.file, line: markLine + lineIndex, column: markColumn + 1 + column, field: field,
                message: error.message)
        default:
            return FormatError(
                file: cursor.file, line: markLine + lineIndex, column: markColumn + column, field: field,
                message: error.message)
        }
    }
}
