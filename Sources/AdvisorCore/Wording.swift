/// Small pieces of English every command says the same way.
public enum Wording {
    /// "1 row", "2 rows".
    public static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
