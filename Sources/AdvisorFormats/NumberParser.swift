import AdvisorCore
import Foundation

/// Numbers straight from a row's bytes, without building a String for each.
/// A number a user typed (a flag, an environment variable): decimal only, as in every file advisor
/// reads. Swift's Double("0x10") is 16 and Double("nan") is NaN; neither is a figure anyone meant.
public enum DecimalText {
    public static func double(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { bytes in NumberParser.isDecimal(bytes) ? Double(text) : nil }
    }

    public static func int(_ text: String) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) else { return nil }
        return Int(text)
    }
}

enum NumberParser {
    static func double(_ text: SampleRow.Text) -> Double? {
        switch text {
        case .string(let string):
            var copy = string
            return copy.withUTF8 { double($0) }
        case .bytes(let bytes): return double(bytes)
        }
    }

    /// A decimal number as people and CSV writers write it: `-12`, `3.5`, `.5`, `1e3`, `2.5E-1`.
    /// strtod would also take hex floats (`0x1p3`), `inf`, `nan` and leading spaces, none of which is
    /// a measurement.
    static func isDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == 0x2d || bytes[index] == 0x2b { index += 1 }
        var mantissa = digits()
        if index < bytes.count, bytes[index] == 0x2e {
            index += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
            index += 1
            if index < bytes.count, bytes[index] == 0x2d || bytes[index] == 0x2b { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }

    static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// `123` or `123.456` with at most 15 significant digits: the integer mantissa and the power of
    /// ten are both exact doubles, so one division rounds correctly, exactly as strtod would.
    /// Anything else (exponents, signs, long mantissas) goes to strtod.
    static func simpleDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var mantissa = 0, digits = 0, fractionDigits = 0, seenPoint = false
        for byte in bytes {
            if byte == 0x2e {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            // Past 15 digits the mantissa is no longer exact (and past 18 it would overflow): strtod's turn.
            guard byte >= 48, byte <= 57, digits < 15 else { return nil }
            mantissa = mantissa * 10 + Int(byte - 48)
            digits += 1
            if seenPoint { fractionDigits += 1 }
        }
        guard digits > 0, digits <= 15, fractionDigits <= 22 else { return nil }
        return Double(mantissa) / powersOfTen[fractionDigits]
    }

    /// strtod on a NUL-terminated copy; the whole field must be the number.
    static func double(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        if let value = simpleDecimal(bytes) { return value }
        guard isDecimal(bytes) else { return nil }
        guard bytes.count < 64 else { return Double(String(decoding: bytes, as: UTF8.self)) }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer -> Double? in
            for index in 0..<bytes.count { buffer[index] = CChar(bitPattern: bytes[index]) }
            buffer[bytes.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, end == buffer.baseAddress! + bytes.count else { return nil }
            return value
        }
    }

    static func int(_ text: SampleRow.Text) -> Int? {
        switch text {
        case .string(let string): return Int(string)
        case .bytes(let bytes):
            guard !bytes.isEmpty, bytes.count < 19 else { return nil }
            var value = 0
            for byte in bytes {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
    }

    static func equals(_ text: SampleRow.Text, _ literal: StaticString) -> Bool {
        switch text {
        case .string(let string): return string == literal.description
        case .bytes(let bytes):
            return bytes.count == literal.utf8CodeUnitCount
                && bytes.elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        }
    }
}
