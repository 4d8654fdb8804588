/// A file that cannot be read as what it claims to be: names the file, the position and the field.
public struct FormatError: AdvisorError, Sendable, Equatable {
    public var failureKind: FailureKind { .badInput }
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The field or path inside the document, e.g. `profiles[3].sources[1]` or `value_ms`.
    public var field: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    public var description: String {
        var position = file
        if let line {
            position += ":\(line)"
            if let column { position += ":\(column)" }
        }
        let where_ = field.map { " \($0):" } ?? ""
        return "\(position):\(where_) \(FormatError.bounded(message))"
    }

    /// Messages quote the input; a message this long is mostly one quoted value, so its middle goes.
    static func bounded(_ message: String) -> String {
        let limit = 600
        guard message.count > limit else { return message }
        return String(message.prefix(limit / 2)) + " … " + String(message.suffix(limit / 4))
    }
}
