/// Where the default store lives: `--db`, else `$ADVISOR_HOME/advisor.sqlite`, where ADVISOR_HOME
/// defaults to `$XDG_DATA_HOME/advisor` or `~/.local/share/advisor` (docs/user-guide.md).
public enum StoreLocation {
    public static func resolve(explicit: String?, environment: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let home = environment["ADVISOR_HOME"], !home.isEmpty { return home + "/advisor.sqlite" }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/advisor/advisor.sqlite" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "."
        return home + "/.local/share/advisor/advisor.sqlite"
    }
}
