import Foundation

/// Wall-clock phases of a command, for `--timings` (stderr, so outputs stay clean).
struct PhaseClock {
    let enabled: Bool
    private var last = DispatchTime.now().uptimeNanoseconds
    private var laps: [(String, UInt64)] = []

    init(enabled: Bool) { self.enabled = enabled }

    mutating func lap(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        laps.append((name, now - last))
        last = now
    }

    func report() {
        guard enabled else { return }
        let text = laps.map { "timing: \($0.0): \(String(format: "%.1f", Double($0.1) / 1e6)) ms" }.joined(separator: "\n")
        printError(text)
    }
}
