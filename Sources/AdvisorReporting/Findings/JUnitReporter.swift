import AdvisorCore
import Foundation

/// JUnit XML for test dashboards: one testcase per service × service rule and quota × quota rule,
/// failing on what fails the check; waived findings are skipped with their reason.
public enum JUnitReporter: FindingsReporter {
    public static let identifier = "junit"
    public static let description = "JUnit XML, one testcase per subject and rule"

    public static func report(_ check: CheckOutcome) -> String {
        // Grouped once: a config of S subjects, R rules and F findings costs O(S × R + F).
        var bySubjectAndRule: [String: [Finding]] = [:]
        for finding in check.findings { bySubjectAndRule[key(finding.subject, finding.rule), default: []].append(finding) }
        let subjects: [(String, RuleSubject)] =
            check.config.services.map { ($0.name, .service) }
            + check.config.quotas.map { ($0.label, .quota) }
        var cases: [String] = []
        var failures = 0, skipped = 0
        for (subject, kind) in subjects {
            for rule in check.rules where rule.subject == kind {
                let matching = bySubjectAndRule[key(subject, rule.id)] ?? []
                var body = ""
                let failing = matching.filter(check.fails)
                if !failing.isEmpty {
                    failures += 1
                    body = failing.map {
                        "<failure type=\"\($0.severity.rawValue)\" message=\"\(xml($0.message))\">\(xml($0.file)):\($0.line): \(xml($0.message))</failure>"
                    }.joined()
                } else if let waived = matching.first(where: \.waived) {
                    skipped += 1
                    body = "<skipped message=\"waived: \(xml(waived.waiverReason ?? ""))\"/>"
                } else if !matching.isEmpty {
                    body =
                        "<system-out>\(matching.map { "\($0.severity.rawValue): \(xml($0.message))" }.joined(separator: "\n"))</system-out>"
                }
                cases.append(
                    "    <testcase classname=\"\(xml(subject))\" name=\"\(xml(rule.id))\" file=\"\(xml(check.config.file))\">\(body)</testcase>"
                )
            }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="advisor check" tests="\(cases.count)" failures="\(failures)" skipped="\(skipped)">
              <testsuite name="\(xml(check.config.file))" tests="\(cases.count)" failures="\(failures)" skipped="\(skipped)">
            \(cases.joined(separator: "\n"))
              </testsuite>
            </testsuites>

            """
    }

    static func key(_ subject: String, _ rule: String) -> String { subject + "\u{0}" + rule }

    static func xml(_ text: String) -> String { XMLText.escape(text) }
}
