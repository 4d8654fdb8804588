import Foundation

/// SplitMix64: a seeded, reproducible source of randomness (the same seed gives the same cases).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutations of a seed input, biased towards what broke advisor before: long digit runs, YAML
/// anchors and aliases, deep brackets, NUL and control bytes, byte order marks, huge and odd numbers.
public enum Mutator {
    static let tokens: [[UInt8]] =
        [
            "*a", "&a ", "&a [*a, *a]", "? ", "[", "]", "{", "}", "((((((((", "\"", "'", "\\", ",", ":", ": ", "- ", "#",
            "\n", "\r\n", "\t", "\u{0}", "\u{1B}[31m", "\u{FEFF}", "\u{85}", "12345678901234567890123", "1e400", "-1", "0x1p3",
            "inf", "nan", "1e-320", "9007199254740993", "null", "true", "~", "\"0.5\"", "ok", "ThrottlingException",
            "eu-central-1", "global.", ",,,,", "|\n  ", ">\n", "---\n", "...\n", "%YAML 1.2\n", "!!binary ", "<<: ",
            "\u{FFFF}", "\u{10FFFF}", "é", String(repeating: "a", count: 300),
            // Issue 23: escapes that decode to what a field may not hold (a NUL cut stored text short),
            // a duplicate key, a trailing comma.
            "\\u0000", "\\u001b", "\\ud800", "\"k\": 1, \"k\": 2", ", }", ",]", "\"inferenceRegion\": [\"us-east-1\"]",
            "\"nextToken\": \"x\", ", "1e29",
        ].map { Array($0.utf8) } + [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x00, 0x00, 0x00, 0x10]]

    static let numbers: [[UInt8]] = [
        "12345678901234567890123", "99999999999999999999", "9223372036854775808", "1e400", "1e-320", "-0", "-1", "0x1p3",
        "inf", "nan", "1e20", "9007199254740993", "0.0000000000000000001", "00000000000000000000001", "1.", ".5", "1e", "+1",
    ].map { Array($0.utf8) }

    public static func mutate(_ seed: [UInt8], using random: inout SeededRandom) -> [UInt8] {
        var bytes = seed
        let rounds = Int.random(in: 1...4, using: &random)
        for _ in 0..<rounds {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
            switch Int.random(in: 0..<10, using: &random) {
            case 8...9 where !bytes.isEmpty:  // a number in the input becomes an awkward one
                let isDigit = { (byte: UInt8) in byte >= 48 && byte <= 57 }
                let from = Int.random(in: 0..<bytes.count, using: &random)
                guard let start = bytes[from...].firstIndex(where: isDigit) ?? bytes.firstIndex(where: isDigit) else { break }
                let end = bytes[start...].firstIndex(where: { !isDigit($0) && $0 != 0x2e }) ?? bytes.count
                bytes.replaceSubrange(start..<end, with: numbers.randomElement(using: &random)!)
            case 0 where !bytes.isEmpty:  // flip a bit
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            case 1 where !bytes.isEmpty:  // delete a run
                let end = min(bytes.count, position + Int.random(in: 1...16, using: &random))
                if position < end { bytes.removeSubrange(position..<end) }
            case 2:  // insert a token
                bytes.insert(contentsOf: tokens.randomElement(using: &random)!, at: position)
            case 3 where !bytes.isEmpty:  // repeat a run
                let start = Int.random(in: 0..<bytes.count, using: &random)
                let run = Array(bytes[start..<min(bytes.count, start + Int.random(in: 1...64, using: &random))])
                for _ in 0..<Int.random(in: 1...8, using: &random) { bytes.insert(contentsOf: run, at: position) }
            case 4:  // truncate
                bytes.removeSubrange(position..<bytes.count)
            case 5 where !bytes.isEmpty:  // overwrite with a random byte
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            case 6:  // a token many times over (deep nesting, long runs)
                let token = tokens.randomElement(using: &random)!
                for _ in 0..<Int.random(in: 2...200, using: &random) { bytes.insert(contentsOf: token, at: position) }
            default:  // replace a run with a token
                let end = min(bytes.count, position + Int.random(in: 0...8, using: &random))
                bytes.replaceSubrange(position..<end, with: tokens.randomElement(using: &random)!)
            }
        }
        return bytes
    }
}

/// Runs a target on mutated inputs and reports what broke the properties.
public struct FuzzRun {
    public struct Failure: CustomStringConvertible {
        public var target: String
        public var caseIndex: Int
        public var input: [UInt8]
        public var problem: String
        public var description: String { "\(target) case \(caseIndex): \(problem)" }
    }

    public var cases = 0
    public var accepted = 0
    public var refused = 0
    public var slowest: Double = 0
    public var failures: [Failure] = []

    /// A case slower than this counts as a hang (the biggest seed parses in milliseconds).
    public static let caseTimeLimit = 2.0

    public init() {}

    public mutating func run(
        _ target: FuzzTarget, cases count: Int, seed: UInt64, scratch: String,
        shouldStop: () -> Bool = { false }
    ) {
        var random = SeededRandom(seed: seed)
        guard !target.seeds.isEmpty else {
            failures.append(Failure(target: target.name, caseIndex: 0, input: [], problem: "has no seed inputs"))
            return
        }
        for index in 0..<count {
            if shouldStop() { break }
            let base = target.seeds[index % target.seeds.count]
            let input = index < target.seeds.count ? base : Mutator.mutate(base, using: &random)
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = target.run(input, scratch)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            slowest = max(slowest, seconds)
            cases += 1
            switch outcome {
            case .accepted: accepted += 1
            case .refused: refused += 1
            case .unnamed(let message):
                failures.append(
                    Failure(
                        target: target.name, caseIndex: index, input: input,
                        problem: "refused without naming the input: \(message.prefix(200))"))
            }
            if seconds > Self.caseTimeLimit {
                failures.append(
                    Failure(
                        target: target.name, caseIndex: index, input: input,
                        problem: "took \(String(format: "%.1f", seconds)) s (limit \(Self.caseTimeLimit) s)"))
            }
        }
    }
}
