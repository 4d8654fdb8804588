import Foundation

extension Policy {
    /// A position inside an expression: 0-based UTF-8 offset, for mapping back to the rule file.
    public struct SourceSpan: Sendable, Equatable {
        public var offset: Int
        public var length: Int

        public init(offset: Int, length: Int) {
            self.offset = offset
            self.length = length
        }
    }

    /// A problem in an expression, with where it is.
    public struct ExpressionError: AdvisorError, Sendable, Equatable {
        public var failureKind: FailureKind { .badInput }
        public var span: SourceSpan
        public var message: String

        public init(span: SourceSpan, message: String) {
            self.span = span
            self.message = message
        }

        public var description: String { message }
    }

    enum Token: Equatable {
        case number(Double)
        case string(String)
        case identifier(String)
        case symbol(String)
        case end
    }

    struct Lexed {
        var token: Token
        var span: SourceSpan
    }

    enum Lexer {
        static let symbols = [
            "&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "+", "-", "*", "/", "%", "(", ")", "[", "]", ",", ".", "?", ":",
        ]

        static func tokens(_ text: String) throws(ExpressionError) -> [Lexed] {
            let bytes = Array(text.utf8)
            var result: [Lexed] = []
            var index = 0
            func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
            func isLetter(_ byte: UInt8) -> Bool { (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95 }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 32 || byte == 9 || byte == 10 || byte == 13 {
                    index += 1
                    continue
                }
                let start = index
                if isDigit(byte) {
                    while index < bytes.count, isDigit(bytes[index]) || bytes[index] == 46 || bytes[index] == 95 { index += 1 }
                    let literal = String(decoding: bytes[start..<index], as: UTF8.self).replacingOccurrences(of: "_", with: "")
                    guard let value = Double(literal) else {
                        throw ExpressionError(
                            span: SourceSpan(offset: start, length: index - start), message: "'\(literal)' is not a number")
                    }
                    result.append(Lexed(token: .number(value), span: SourceSpan(offset: start, length: index - start)))
                } else if isLetter(byte) {
                    while index < bytes.count, isLetter(bytes[index]) || isDigit(bytes[index]) { index += 1 }
                    result.append(
                        Lexed(
                            token: .identifier(String(decoding: bytes[start..<index], as: UTF8.self)),
                            span: SourceSpan(offset: start, length: index - start)))
                } else if byte == 39 || byte == 34 {  // ' or "
                    index += 1
                    var value: [UInt8] = []
                    while index < bytes.count, bytes[index] != byte {
                        if bytes[index] == 92, index + 1 < bytes.count {  // backslash escapes the next byte
                            index += 1
                        }
                        value.append(bytes[index])
                        index += 1
                    }
                    guard index < bytes.count else {
                        throw ExpressionError(span: SourceSpan(offset: start, length: index - start), message: "string is not closed")
                    }
                    index += 1
                    result.append(
                        Lexed(
                            token: .string(String(decoding: value, as: UTF8.self)),
                            span: SourceSpan(offset: start, length: index - start)))
                } else {
                    let rest = String(decoding: bytes[index..<min(index + 2, bytes.count)], as: UTF8.self)
                    guard let symbol = symbols.first(where: { rest.hasPrefix($0) }) else {
                        throw ExpressionError(
                            span: SourceSpan(offset: start, length: 1),
                            message: "unexpected character '\(String(decoding: [byte], as: UTF8.self))'")
                    }
                    index += symbol.utf8.count
                    result.append(Lexed(token: .symbol(symbol), span: SourceSpan(offset: start, length: symbol.utf8.count)))
                }
            }
            result.append(Lexed(token: .end, span: SourceSpan(offset: bytes.count, length: 0)))
            return result
        }
    }
}
