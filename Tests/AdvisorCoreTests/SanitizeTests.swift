@testable import AdvisorCore
import Testing

/// `Sanitize.terminal` guards every line advisor prints; its fast path reads eight bytes at a time,
/// so it is checked here against the plain byte-by-byte definition, at every offset and across
/// word boundaries (a C1 control's two bytes split between two words).
struct SanitizeTests {
    /// The definition: C0 controls other than newline and tab, DEL, and UTF-8 C2 80–C2 9F.
    static func hasControlByteByByte(_ bytes: [UInt8]) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            if (byte < 0x20 && byte != 0x0A && byte != 0x09) || byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) {
                return true
            }
            previous = byte
        }
        return false
    }

    @Test func everyControlIsFoundAtEveryOffset() {
        let controls: [[UInt8]] = [[0x00], [0x07], [0x1B], [0x0D], [0x1F], [0x7F], [0xC2, 0x80], [0xC2, 0x9B], [0xC2, 0x9F]]
        let harmless: [[UInt8]] = [[0x0A], [0x09], [0xC2, 0xA0], [0xC3, 0xA9], [0xE2, 0x80, 0x94], [0x20], [0x7E]]
        for length in 0...24 {
            for offset in 0...length {
                for control in controls {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes.insert(contentsOf: control, at: offset)
                    #expect(bytes.withUnsafeBufferPointer(Sanitize.hasControl), "\(control) at \(offset) of \(bytes.count)")
                }
                for benign in harmless {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes.insert(contentsOf: benign, at: offset)
                    #expect(!bytes.withUnsafeBufferPointer(Sanitize.hasControl), "\(benign) at \(offset) of \(bytes.count)")
                }
            }
        }
    }

    @Test func agreesWithTheByteByByteDefinitionOnSeededRandomText() {
        // Bytes drawn mostly from printable ASCII, with the bytes that matter over-represented.
        var state: UInt64 = 0x5EED_0001
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        let interesting: [UInt8] = [0x00, 0x09, 0x0A, 0x1B, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0x9F, 0xA0, 0xC2, 0xC3]
        for _ in 0..<5_000 {
            let count = Int(next() % 40)
            let bytes: [UInt8] = (0..<count).map { _ in
                next() % 8 == 0 ? interesting[Int(next() % UInt64(interesting.count))] : UInt8(0x21 + next() % 0x5D)
            }
            #expect(bytes.withUnsafeBufferPointer(Sanitize.hasControl) == Self.hasControlByteByByte(bytes), "\(bytes)")
        }
    }

    @Test func terminalEscapesWhatTheScanFinds() {
        #expect(Sanitize.terminal("plain line\n\twith tab") == "plain line\n\twith tab")
        #expect(Sanitize.terminal("svc-\u{1B}[2J") != "svc-\u{1B}[2J")
        #expect(Sanitize.terminal("0123456\u{9B}31m") != "0123456\u{9B}31m")
    }
}
