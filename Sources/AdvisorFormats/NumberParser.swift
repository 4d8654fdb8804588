import Foundation

/// Numbers straight from a row's bytes, without building a String for each.
enum NumberParser {
    static func double(_ text: SampleRow.Text) -> Double? {
        switch text {
        case .string(let string): return Double(string)
        case .bytes(let bytes): return double(bytes)
        }
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
            guard byte >= 48, byte <= 57 else { return nil }
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
        guard !bytes.isEmpty, bytes.count < 64 else { return bytes.isEmpty ? nil : Double(String(decoding: bytes, as: UTF8.self)) }
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
