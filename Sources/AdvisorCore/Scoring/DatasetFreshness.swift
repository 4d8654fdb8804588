public import Foundation

/// How old a dataset is and how much it holds, said once per answer.
public enum DatasetFreshness {
    /// Figures older than this many days are stale, unless `--stale-days` or advisor.yaml's
    /// `stale_after_days` says otherwise: Bedrock adds regions and capacity every few weeks.
    public static let defaultStaleAfterDays = 30

    public static func ageInDays(_ dataset: Dataset, now: Date) -> Int? {
        dataset.measuredAt.map { Int(saturating: (now.timeIntervalSince($0) / 86_400).rounded(.down)) }
    }

    public static func notes(_ dataset: Dataset, source: String, now: Date?, staleAfterDays: Int) -> [String] {
        let routes = dataset.routes.filter { $0.key.source == source }
        let counts = routes.values.compactMap(\.n)
        let calls =
            counts.isEmpty
            ? ""
            : ", \(counts.reduce(0, +)) successful calls from \(source) "
                + "(\(counts.min()! == counts.max()! ? "\(counts.min()!)" : "\(counts.min()!)–\(counts.max()!)") a route)"
        var describing = "Dataset \(dataset.name): \(dataset.kind == .samples ? "raw samples" : "published figures")\(calls)"
        var notes: [String] = []
        if let measured = dataset.measured {
            describing += ", measured \(measured)"
            if let now, let age = ageInDays(dataset, now: now), age < 0 {
                // Judged as of a day before the measurement (--as-of in the past, or a clock behind).
                describing += " (\(-age) day\(age == -1 ? "" : "s") after the date it is judged on)"
            } else if let now, let age = ageInDays(dataset, now: now) {
                describing += age == 0 ? " (today)" : " (\(Wording.count(age, "day")) ago)"
                if age > staleAfterDays {
                    notes.append(
                        "Stale data: \(dataset.name) is \(age) days old, older than \(staleAfterDays) days; "
                            + "routes and capacity may have changed since. Re-measure before relying on it.")
                }
            }
        } else {
            describing += ", date unknown"
        }
        return [describing + "."] + notes
    }
}
