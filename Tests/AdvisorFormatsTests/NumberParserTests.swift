@testable import AdvisorFormats
import Foundation
import Testing

/// The hand-written decimal parser against Swift's own `Double(String)` (strtod).
struct NumberParserTests {
    @Test func simpleDecimalsMatchStrtodExactly() throws {
        var state: UInt64 = 42
        for _ in 0..<100_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let integer = Int(state >> 40) % 1_000_000
            let fraction = Int(state >> 20 & 0xfffff) % 1000
            let digits = Int(state % 5)
            let text = digits == 0 ? "\(integer)" : "\(integer)." + String(String(format: "%06d", fraction).prefix(digits))
            var copy = text
            let parsed = copy.withUTF8 { NumberParser.simpleDecimal($0) }
            #expect(parsed == Double(text), "\(text)")
        }
        var bad = "1.2.3"
        #expect(bad.withUTF8 { NumberParser.simpleDecimal($0) } == nil)
    }
}
