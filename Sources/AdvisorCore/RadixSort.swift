/// Sorting latency samples: a least-significant-digit radix sort of the doubles' bit patterns.
///
/// `stats` sorts every route's TTFB and total times; for a million samples the standard library's
/// comparison sort (a stable merge sort calling a closure per comparison) was a third of the
/// command. IEEE 754 doubles order like unsigned integers once a negative value has all its bits
/// flipped and a positive one its sign bit, so eight 8-bit passes sort them exactly; a pass in
/// which every value has the same digit (the exponent's, for samples of one magnitude) is skipped.
public enum RadixSort {
    /// The values in ascending order, as `sorted()` gives them for values without NaN.
    /// (-0.0 sorts before 0.0, which `sorted()` treats as equal; no statistic can tell them apart.)
    public static func ascending(_ values: [Double]) -> [Double] {
        guard values.count > 64 else { return values.sorted() }
        var keys = values.map { orderedBits($0) }
        var scratch = [UInt64](repeating: 0, count: keys.count)
        // All eight digits' histograms in one pass over the keys.
        var counts = [Int](repeating: 0, count: 8 * 256)
        keys.withUnsafeBufferPointer { source in
            counts.withUnsafeMutableBufferPointer { counts in
                for key in source {
                    for pass in 0..<8 { counts[pass << 8 | Int(truncatingIfNeeded: key >> UInt64(pass << 3)) & 0xFF] += 1 }
                }
            }
        }
        for pass in 0..<8 {
            let shift = UInt64(pass << 3)
            let moved: Bool = counts.withUnsafeMutableBufferPointer { counts in
                let digits = UnsafeMutableBufferPointer(rebasing: counts[(pass << 8)..<((pass + 1) << 8)])
                guard !digits.contains(keys.count) else { return false }  // one digit for all: nothing moves
                var offset = 0
                for index in digits.indices {
                    let count = digits[index]
                    digits[index] = offset
                    offset += count
                }
                keys.withUnsafeBufferPointer { source in
                    scratch.withUnsafeMutableBufferPointer { target in
                        for key in source {
                            let digit = Int(truncatingIfNeeded: key >> shift) & 0xFF
                            target[digits[digit]] = key
                            digits[digit] += 1
                        }
                    }
                }
                return true
            }
            if moved { swap(&keys, &scratch) }
        }
        return keys.map(value)
    }

    static func orderedBits(_ value: Double) -> UInt64 {
        let bits = value.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    static func value(_ key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }
}
