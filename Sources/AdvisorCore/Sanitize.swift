/// Text from the user's files on its way to a terminal, a log or an error message: control
/// characters become visible escapes (so an ESC in a service name cannot drive the terminal, and a
/// newline cannot forge an extra line), and a long value is cut (so a 1 MB bad value is not echoed).
public enum Sanitize {
    /// One value quoted in a message: controls escaped, at most `limit` characters, then an ellipsis
    /// saying how much was left out.
    public static func excerpt(_ text: String, limit: Int = 80) -> String {
        let escaped = escapeControls(text, keepNewlines: false)
        guard escaped.count > limit else { return escaped }
        return String(escaped.prefix(limit)) + "… (\(text.utf8.count) bytes)"
    }

    /// Whole output for a terminal: every control character except newline and tab escaped.
    public static func terminal(_ text: String) -> String {
        // A byte scan first: outputs run to megabytes and almost never hold a control character.
        let found = text.utf8.withContiguousStorageIfAvailable(hasControl) ?? Array(text.utf8).withUnsafeBufferPointer(hasControl)
        return found ? escapeControls(text, keepNewlines: true) : text
    }

    /// C0 controls other than newline and tab, DEL, and C1 controls in UTF-8 (C2 80–C2 9F).
    /// Eight bytes at a time where none of them is below 0x20, DEL or 0xC2, which is nearly always.
    static func hasControl(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasByteBelow(_ word: UInt64, _ n: UInt64) -> Bool { (word &- ones &* n) & ~word & highs != 0 }
        func hasByte(_ word: UInt64, _ value: UInt64) -> Bool { hasByteBelow(word ^ (ones &* value), 1) }
        var index = 0
        var previous: UInt8 = 0
        while index < bytes.count {
            if index + 8 <= bytes.count, previous != 0xC2 {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if !hasByteBelow(word, 0x20), !hasByte(word, 0x7F), !hasByte(word, 0xC2) {
                    previous = UInt8(truncatingIfNeeded: word.littleEndian >> 56)
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            if (byte < 0x20 && byte != 0x0A && byte != 0x09) || byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) {
                return true
            }
            previous = byte
            index += 1
        }
        return false
    }

    /// C0 controls, DEL and C1 controls (U+0080–U+009F, which some terminals obey as well).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value <= 0x9F)
    }

    /// Every control character as a visible escape, newlines and tabs kept: for XML, where C0
    /// controls are not even allowed as character references.
    public static func visible(_ text: String) -> String { escapeControls(text, keepNewlines: true) }

    public static func escapeControls(_ text: String, keepNewlines: Bool) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if keepNewlines, scalar == "\n" || scalar == "\t" {
                result.append(scalar)
            } else if isControl(scalar) {
                let escape: String
                switch scalar {
                case "\n": escape = "\\n"
                case "\t": escape = "\\t"
                case "\r": escape = "\\r"
                default:
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    escape = "\\u{" + hex + "}"
                }
                result.append(contentsOf: escape.unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
