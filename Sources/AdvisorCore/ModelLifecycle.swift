public import Foundation

/// A model's place in AWS's lifecycle (Active → Legacy → public extended access → end of life),
/// from AWS's lifecycle page, with the date the catalogue read it. Dates are `YYYY-MM-DD`.
public struct ModelLifecycle: Sendable, Hashable, Codable {
    public var legacyFrom: String?
    /// Public extended access: still callable by existing users, at the provider's higher price.
    public var extendedAccessFrom: String?
    public var endOfLife: String?
    /// The model advisor suggests instead (advisor's choice when AWS names none: said in `successorNote`).
    public var successor: String?
    public var successorNote: String?
    public var source: String
    public var readOn: String

    public init(
        legacyFrom: String? = nil, extendedAccessFrom: String? = nil, endOfLife: String? = nil, successor: String? = nil,
        successorNote: String? = nil, source: String, readOn: String
    ) {
        self.legacyFrom = legacyFrom
        self.extendedAccessFrom = extendedAccessFrom
        self.endOfLife = endOfLife
        self.successor = successor
        self.successorNote = successorNote
        self.source = source
        self.readOn = readOn
    }

    public enum Stage: String, Sendable {
        case active, legacy
        case extendedAccess = "extended-access"
        case endOfLife = "end-of-life"
    }

    /// The stage on `date` (a day counts from its start, UTC): from the EOL date on, the model is gone.
    public func stage(on date: Date) -> Stage {
        let day = RFC3339.dateString(date)
        if let endOfLife, day >= endOfLife { return .endOfLife }
        if let extendedAccessFrom, day >= extendedAccessFrom { return .extendedAccess }
        if let legacyFrom, day >= legacyFrom { return .legacy }
        return .active
    }

    /// "end of life 2026-10-14 (Legacy from 2026-04-14, extended access from 2026-07-14)".
    public var dates: String {
        var parts: [String] = []
        if let legacyFrom { parts.append("Legacy from \(legacyFrom)") }
        if let extendedAccessFrom { parts.append("extended access from \(extendedAccessFrom)") }
        let rest = parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
        return (endOfLife.map { "end of life \($0)" } ?? "no end-of-life date") + rest
    }
}
