public import AdvisorCore
/// A request a use case cannot carry out as asked: `field` names what the caller gave (a flag or a
/// config field, as the caller calls it), `message` what is wrong with it. Always the user's to fix.
public struct RequestError: AdvisorError, Sendable, Equatable {
    public var failureKind: FailureKind { .badInput }
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
