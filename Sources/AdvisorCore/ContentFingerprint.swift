/// A stable fingerprint of text, to notice that embedded data changed (not a security boundary).
/// Also the SARIF partial fingerprint of a finding (rule and subject), stable across runs.
public enum ContentFingerprint {
    public static func fnv1a64(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
