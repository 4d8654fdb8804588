public struct Finding: Sendable, Equatable {
    public var rule: String
    public var severity: Severity
    /// The service's name, or a quota's label.
    public var subject: String
    /// Whether `subject` is a service or a quota.
    public var subjectKind: RuleSubject
    public var message: String
    public var file: String
    public var line: Int
    public var waived: Bool
    public var waiverReason: String?

    public init(
        rule: String, severity: Severity, subject: String, subjectKind: RuleSubject = .service, message: String,
        file: String, line: Int, waived: Bool = false, waiverReason: String? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.subject = subject
        self.subjectKind = subjectKind
        self.message = message
        self.file = file
        self.line = line
        self.waived = waived
        self.waiverReason = waiverReason
    }
}
