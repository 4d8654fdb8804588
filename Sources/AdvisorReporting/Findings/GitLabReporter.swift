import AdvisorCore

/// GitLab's Code Quality report (`artifacts:reports:codequality`): a JSON array of
/// `{description, check_name, fingerprint, severity, location: {path, lines: {begin}}}`, severity one
/// of info, minor, major, critical, blocker (docs.gitlab.com/ci/testing/code_quality). GitLab merges
/// entries with the same fingerprint, so the fingerprint covers the rule, the subject and the
/// location: the same rule on two lines is two entries.
public enum GitLabReporter: FindingsReporter {
    public static let identifier = "gitlab"
    public static let description = "GitLab Code Quality report (JSON)"

    public static func report(_ check: CheckOutcome) -> String {
        let entries = check.findings.filter { !$0.waived }.map { finding -> JSONValue in
            .object([
                ("description", .string("\(finding.subject): \(finding.message)")),
                ("check_name", .string(finding.rule)),
                ("fingerprint", .string(fingerprint(finding))),
                ("severity", .string(severity(finding, strict: check.strict))),
                ("location", .object([("path", .string(finding.file)), ("lines", .object([("begin", .int(max(1, finding.line)))]))])),
            ])
        }
        return JSONValue.array(entries).rendered() + "\n"
    }

    /// An error fails the gate (critical); a warning does under --strict (major, else minor).
    static func severity(_ finding: Finding, strict: Bool) -> String {
        switch finding.severity {
        case .error: return "critical"
        case .warning: return strict ? "major" : "minor"
        case .note: return "info"
        }
    }

    /// 32 hex digits, stable across runs and machines: two FNV-1a 64-bit hashes of the rule, subject,
    /// file and line (a fingerprint only has to tell findings apart, not resist an attacker).
    static func fingerprint(_ finding: Finding) -> String {
        let key = Array("\(finding.rule)\u{1F}\(finding.subject)\u{1F}\(finding.file)\u{1F}\(finding.line)".utf8)
        func fnv(_ offset: UInt64) -> String {
            var hash = offset
            for byte in key {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01B3
            }
            let hex = String(hash, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
        return fnv(0xCBF2_9CE4_8422_2325) + fnv(0x84_222_325_CBF2_9CE4)
    }
}
