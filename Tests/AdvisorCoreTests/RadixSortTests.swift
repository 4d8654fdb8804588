import AdvisorCore
import Testing

/// The radix sort must give exactly what the standard library's sort gives.
struct RadixSortTests {
    @Test func seededRandomLatenciesSortAsTheStandardLibrarySortsThem() {
        var state: UInt64 = 20_261_202
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for count in [0, 1, 2, 63, 64, 65, 100, 1_000, 50_000] {
            // Latency-like values, many repeated, a spread of magnitudes.
            let values = (0..<count).map { index -> Double in
                index % 7 == 0 ? Double(Int(next() * 50)) : (next() * 3000).rounded() / 1000 * pow10(Int(next() * 6))
            }
            #expect(RadixSort.ascending(values) == values.sorted(), "\(count) values")
        }
    }

    @Test func negativesZerosAndExtremesKeepTheirOrder() {
        var values: [Double] = [
            -1, 0, 1, -1e300, 1e300, .infinity, -.infinity, .leastNonzeroMagnitude,
            -.leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.5, -0.5, 2, 3,
        ]
        values = Array(repeating: values, count: 10).flatMap { $0 }
        #expect(RadixSort.ascending(values) == values.sorted())
        let withNegativeZero = Array(repeating: [-0.0, 0.0, 1.0], count: 30).flatMap { $0 }
        let sorted = RadixSort.ascending(withNegativeZero)
        #expect(sorted == withNegativeZero.sorted())  // -0.0 == 0.0
        #expect(sorted.prefix(60).allSatisfy { $0 == 0 } && sorted.suffix(30).allSatisfy { $0 == 1 })
    }

    func pow10(_ exponent: Int) -> Double { (0..<exponent).reduce(1.0) { value, _ in value * 10 } }
}
