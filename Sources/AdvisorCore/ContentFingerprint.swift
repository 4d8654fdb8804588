/// A stable fingerprint of text, to notice that embedded data changed (not a security boundary).
/// Also the SARIF partial fingerprint of a finding (rule and subject), stable across runs.
public enum ContentFingerprint {
    public static func fnv1a64(_ text: String) -> String {
        func fold(_ bytes: some Sequence<UInt8>) -> UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            return hash
        }
        // Over the contiguous bytes when the string has them (every start-up fingerprints the
        // built-in data): iterating the UTF-8 view byte by byte is several times slower.
        let hash = text.utf8.withContiguousStorageIfAvailable(fold) ?? fold(text.utf8)
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
