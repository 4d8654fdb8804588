/// File paths taken apart as text, the way POSIX `dirname`, `basename` and a join do. Foundation's
/// NSString path methods trap (SIGILL) on some one-character paths (`--db a`, `--db c/`), so
/// advisor spells out the little it needs.
public enum PathText {
    /// The directory part: "" for a bare name, "/" for a file at the root; trailing slashes ignored.
    public static func directory(of path: String) -> String {
        var text = Substring(path)
        while text.count > 1, text.hasSuffix("/") { text = text.dropLast() }
        guard let slash = text.lastIndex(of: "/") else { return "" }
        var parent = text[..<slash]
        while parent.count > 1, parent.hasSuffix("/") { parent = parent.dropLast() }
        return parent.isEmpty ? "/" : String(parent)
    }

    /// The last component; trailing slashes ignored.
    public static func name(of path: String) -> String {
        var text = Substring(path)
        while text.count > 1, text.hasSuffix("/") { text = text.dropLast() }
        guard let slash = text.lastIndex(of: "/"), text.count > 1 else { return String(text) }
        return String(text[text.index(after: slash)...])
    }

    /// `.` and empty segments dropped and `..` applied where it can be ("./modules/../a" → "a"); a
    /// leading `/` kept; "" for the current directory.
    public static func normalized(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == "..", let last = segments.last, last != ".." {
                segments.removeLast()
            } else {
                segments.append(segment)
            }
        }
        let joined = segments.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : joined
    }

    /// `name` inside `directory` ("" means the current directory).
    public static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
