/// Where a way of calling a model may route: `global` (any commercial region), a geography (`eu`,
/// `us` …: that geography's regions), or `in-region` (the bare model id, served where it is called).
/// A profile's scope is the prefix of its id.
public struct Scope: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public static let global = Scope(rawValue: "global")
    public static let inRegion = Scope(rawValue: "in-region")
    public static func geography(_ code: String) -> Scope { Scope(rawValue: code) }

    /// The scope a profile id names by its prefix: `eu` for `eu.anthropic.claude-sonnet-4-6`.
    public init(profileId: String) { rawValue = String(profileId.prefix { $0 != "." }) }

    public var isGlobal: Bool { self == .global }
    public var isInRegion: Bool { self == .inRegion }
    public var isGeographic: Bool { !isGlobal && !isInRegion }

    /// The short name used in explanations: `eu.`, `global`, `in-region`.
    public var label: String { isGeographic ? rawValue + "." : rawValue }

    public var description: String { rawValue }
}
