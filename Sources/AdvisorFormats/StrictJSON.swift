public import AdvisorCore
import Foundation

/// The one way advisor parses a JSON document from a user's file: RFC 8259 checked strictly first,
/// then handed to Foundation's parser. Foundation accepts what advisor must not: a duplicate key
/// (the last one silently wins, so a record can say two things), a trailing comma, and a
/// `\u0000` inside a string, which it keeps in the value but which SQLite's text binding and C
/// strings cut at, so `"eu-west-1\u0000us-east-1"` was stored as eu-west-1 and two event ids that
/// differ after a NUL collided. Each is refused here with its line and column.
public enum StrictJSON {
    /// Deeper than this is no AWS answer and only a way to exhaust the stack.
    static let maxDepth = 512

    /// Parses `bytes` as one JSON document (with Foundation, after the strict check).
    public static func parse(_ bytes: some Collection<UInt8>, file: String, what: String = "the file") throws(FormatError) -> Any {
        let array = Array(bytes)
        try validate(array, file: file, what: what)
        do {
            return try JSONSerialization.jsonObject(with: Data(array), options: [.fragmentsAllowed])
        } catch {
            // The grammar was checked: what Foundation still refuses is a number it cannot hold.
            throw FormatError(file: file, message: "\(what) holds a number out of range (JSON is valid, the value is not)")
        }
    }

    /// Parses one JSON object.
    public static func object(_ bytes: some Collection<UInt8>, file: String, what: String = "the file") throws(FormatError) -> [String: Any]
    {
        guard let object = try parse(bytes, file: file, what: what) as? [String: Any] else {
            throw FormatError(file: file, message: "\(what) is not a JSON object")
        }
        return object
    }

    /// Checks the grammar and advisor's rules; throws the first problem with its position.
    public static func validate(_ bytes: [UInt8], file: String, what: String = "the file") throws(FormatError) {
        var scanner = Scanner(bytes: bytes)
        do throws(Scanner.Problem) {
            scanner.skipSpace()
            try scanner.value(depth: 0)
            scanner.skipSpace()
            if scanner.index < bytes.count {
                throw Scanner.Problem(offset: scanner.index, message: "unexpected bytes after the JSON value")
            }
        } catch {
            let (line, column) = position(of: error.offset, in: bytes)
            throw FormatError(file: file, line: line, column: column, message: "\(what) is not valid JSON: \(error.message)")
        }
    }

    static func position(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }

    fileprivate struct Scanner {
        /// Never leaves this file: `validate` turns it into a FormatError with a line and column.
        fileprivate struct Problem: Error {
            var offset: Int
            var message: String
        }

        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        func fail(_ message: String) -> Problem { Problem(offset: index, message: message) }

        mutating func value(depth: Int) throws(Problem) {
            guard depth <= StrictJSON.maxDepth else { throw fail("nested more than \(StrictJSON.maxDepth) levels deep") }
            guard index < bytes.count else { throw fail("the document ends where a value was expected") }
            switch bytes[index] {
            case UInt8(ascii: "{"): try object(depth: depth)
            case UInt8(ascii: "["): try array(depth: depth)
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw fail("expected a value, found \(Self.describe(bytes[index]))")
            }
        }

        mutating func literal(_ word: String) throws(Problem) {
            let expected = Array(word.utf8)
            guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw fail("expected a value, found \(Self.describe(bytes[index]))")
            }
            index += expected.count
        }

        mutating func number() throws(Problem) {
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            func digits() -> Int {
                let from = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                return index - from
            }
            let integer = index
            let count = digits()
            guard count > 0 else { throw Problem(offset: start, message: "a number needs digits") }
            if count > 1, bytes[integer] == UInt8(ascii: "0") { throw Problem(offset: start, message: "a number may not start with 0") }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw Problem(offset: start, message: "a number needs digits after '.'") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw Problem(offset: start, message: "a number needs digits in its exponent") }
            }
        }

        /// The string's decoded UTF-8 bytes (keys are compared decoded: `"a"` and `"\u0061"` are one key).
        mutating func string() throws(Problem) -> [UInt8] {
            let start = index
            index += 1
            var decoded: [UInt8] = []
            while true {
                guard index < bytes.count else { throw Problem(offset: start, message: "a string is not closed") }
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return decoded
                case UInt8(ascii: "\\"):
                    guard index + 1 < bytes.count else { throw Problem(offset: start, message: "a string is not closed") }
                    let escape = bytes[index + 1]
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                        decoded.append(escape)
                        index += 2
                    case UInt8(ascii: "b"): decoded.append(0x08); index += 2
                    case UInt8(ascii: "f"): decoded.append(0x0C); index += 2
                    case UInt8(ascii: "n"): decoded.append(0x0A); index += 2
                    case UInt8(ascii: "r"): decoded.append(0x0D); index += 2
                    case UInt8(ascii: "t"): decoded.append(0x09); index += 2
                    case UInt8(ascii: "u"):
                        var scalar = try hex4(at: index + 2)
                        index += 6
                        if (0xD800...0xDBFF).contains(scalar) {
                            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
                                case let low = try hex4(at: index + 2), (0xDC00...0xDFFF).contains(low)
                            else {
                                throw fail("a \\u escape of a high surrogate needs its low surrogate")
                            }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            index += 6
                        } else if (0xDC00...0xDFFF).contains(scalar) {
                            throw fail("a lone low surrogate \\u escape")
                        }
                        if scalar == 0 {
                            throw Problem(
                                offset: index - 6,
                                message: "a string holds a NUL character (\\u0000), which advisor does not accept in text")
                        }
                        decoded.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
                    default:
                        throw fail("unknown escape \\\(Self.describe(escape))")
                    }
                case 0x00..<0x20:
                    throw fail("a string holds a raw control character (\(Self.describe(byte))); JSON needs it escaped")
                default:
                    decoded.append(byte)
                    index += 1
                }
            }
        }

        func hex4(at offset: Int) throws(Problem) -> UInt32 {
            guard offset + 4 <= bytes.count else { throw Problem(offset: offset, message: "a \\u escape needs four hex digits") }
            var value: UInt32 = 0
            for byte in bytes[offset..<offset + 4] {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw Problem(offset: offset, message: "a \\u escape needs four hex digits")
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }

        mutating func object(depth: Int) throws(Problem) {
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return }
            var keys = Set<[UInt8]>()
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw fail(
                        index < bytes.count && bytes[index] == UInt8(ascii: "}")
                            ? "a trailing comma before '}'" : "expected a key in quotes")
                }
                let keyStart = index
                let key = try string()
                guard keys.insert(key).inserted else {
                    throw Problem(
                        offset: keyStart,
                        message: "the key \"\(Sanitize.excerpt(String(decoding: key, as: UTF8.self)))\" appears twice in one object")
                }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
                index += 1
                skipSpace()
                try value(depth: depth + 1)
                skipSpace()
                guard index < bytes.count else { throw fail("an object is not closed") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return }
                throw fail("expected ',' or '}' in an object")
            }
        }

        mutating func array(depth: Int) throws(Problem) {
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return }
            while true {
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { throw fail("a trailing comma before ']'") }
                try value(depth: depth + 1)
                skipSpace()
                guard index < bytes.count else { throw fail("an array is not closed") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return }
                throw fail("expected ',' or ']' in an array")
            }
        }

        static func describe(_ byte: UInt8) -> String {
            (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : String(format: "byte 0x%02X", byte)
        }
    }
}
