/// One stored call as `advisor export` writes it: the raw-sample format's fields that have a
/// value, in the format's column order (docs/data-formats.md).
public struct RawSampleRecord: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case text(String)
        case number(Double)
        case integer(Int)
        case flag(Bool)
    }

    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: Value

        public init(name: String, value: Value) {
            self.name = name
            self.value = value
        }
    }

    public var fields: [Field]

    public init(fields: [Field]) { self.fields = fields }
}
