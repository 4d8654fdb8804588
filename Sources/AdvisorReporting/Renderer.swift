/// One output format of one command: the identifier `--format` takes, a line for `--help`, and a
/// pure function from the command's answer (its `Subject`) to text.
///
/// Every command's formats are a list of these, kept next to the functions that render them
/// (`RecommendationOutput.formats`, `FindingsReporters.formats`, …); the command line turns a list
/// into its `--format` option (FormatOption), so a new format for any command is one entry here
/// and its golden file, and never touches the command.
public struct Renderer<Subject>: Sendable {
    public let identifier: String
    public let description: String
    public let render: @Sendable (Subject) -> String

    public init(_ identifier: String, _ description: String, render: @escaping @Sendable (Subject) -> String) {
        self.identifier = identifier
        self.description = description
        self.render = render
    }
}

/// A command's formats, in the order `--help` lists them; the first is the default.
public protocol RendererList {
    associatedtype Subject
    static var formats: [Renderer<Subject>] { get }
}

extension RendererList {
    public static func named(_ identifier: String) -> Renderer<Subject>? {
        formats.first { $0.identifier == identifier }
    }

    public static var identifiers: [String] { formats.map(\.identifier) }
}
