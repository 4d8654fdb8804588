/// A JSON value with object keys kept in the order written, so outputs are byte-stable and read in
/// the order the contract documents them.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// An array whose elements are made one at a time as they are written: a report of a hundred
    /// thousand findings is not first built as a tree of a hundred thousand objects.
    case elements(Int, @Sendable (Int) -> JSONValue)

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.rendered(pretty: false) == rhs.rendered(pretty: false)
    }

    /// Milliseconds to one decimal, as the text prints them (an interpolated median of raw samples
    /// is 683.2, not 683.2294999999999): whole ones as integers.
    public static func milliseconds(_ value: Double?) -> JSONValue {
        guard let value else { return .null }
        let tenths = (value * 10).rounded() / 10
        if tenths == tenths.rounded(), abs(tenths) < 1e15 { return .int(Int(tenths)) }
        return .double(tenths)
    }

    public static func optional(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    public func rendered(pretty: Bool = true) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        write(into: &output, indent: pretty ? 0 : nil)
        return String(decoding: output, as: UTF8.self)
    }

    /// Written into bytes: a million-finding report should not pay for String growth per token.
    private func write(into output: inout [UInt8], indent: Int?) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): output.append(contentsOf: String(value).utf8)
        case .double(let value): output.append(contentsOf: (value.isFinite ? String(value) : "null").utf8)
        case .string(let value): JSONValue.writeString(value, into: &output)
        case .array(let items):
            JSONValue.writeArray(count: items.count, element: { items[$0] }, into: &output, indent: indent)
        case .elements(let count, let element):
            JSONValue.writeArray(count: count, element: element, into: &output, indent: indent)
        case .object(let members):
            if members.isEmpty { output += [UInt8(ascii: "{"), UInt8(ascii: "}")]; return }
            output.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.newline(&output, indent.map { $0 + 1 })
                JSONValue.writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                if indent != nil { output.append(UInt8(ascii: " ")) }
                value.write(into: &output, indent: indent.map { $0 + 1 })
            }
            JSONValue.newline(&output, indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func writeArray(count: Int, element: (Int) -> JSONValue, into output: inout [UInt8], indent: Int?) {
        if count == 0 { output += [UInt8(ascii: "["), UInt8(ascii: "]")]; return }
        output.append(UInt8(ascii: "["))
        for index in 0..<count {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONValue.newline(&output, indent.map { $0 + 1 })
            element(index).write(into: &output, indent: indent.map { $0 + 1 })
        }
        JSONValue.newline(&output, indent)
        output.append(UInt8(ascii: "]"))
    }

    private static func newline(_ output: inout [UInt8], _ indent: Int?) {
        guard let indent else { return }
        output.append(UInt8(ascii: "\n"))
        var remaining = indent * 2
        while remaining > 0 {
            let count = min(remaining, spaces.count)
            output.append(contentsOf: spaces[..<count])
            remaining -= count
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)
    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    private static func writeString(_ value: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            // Runs of bytes that need no escape (nearly all of them) are copied whole.
            var runStart = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                // C1 controls (U+0080–U+009F, UTF-8 C2 80–C2 9F) and DEL are legal in JSON but obeyed by
                // some terminals: escape them like the C0 controls, so output is safe to print.
                let isC1 = byte == 0xC2 && next >= 0x80 && next <= 0x9F
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F || isC1 else {
                    index += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                switch byte {
                case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case UInt8(ascii: "\n"): output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case UInt8(ascii: "\r"): output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case UInt8(ascii: "\t"): output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                default:
                    let code = isC1 ? next : byte
                    output += [
                        UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                        hex[Int(code >> 4)], hex[Int(code & 0x0f)],
                    ]
                }
                index += isC1 ? 2 : 1
                runStart = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        output.append(UInt8(ascii: "\""))
    }
}
