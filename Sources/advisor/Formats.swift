import AdvisorReporting
import ArgumentParser

/// `--format` of any command: one of the renderers its list offers, by identifier, and no other
/// (`--format markdown` where a command prints only text is refused, exit 2, with the list). A new
/// format is an entry in the command's list (AdvisorReporting/Formats.swift) and never touches the
/// command.
struct FormatOption<List: RendererList>: ExpressibleByArgument, Sendable {
    let renderer: Renderer<List.Subject>

    /// The list's first format, the command's default.
    init() { renderer = List.formats[0] }

    init?(argument: String) {
        guard let renderer = List.named(argument) else { return nil }
        self.renderer = renderer
    }

    var identifier: String { renderer.identifier }
    func render(_ subject: List.Subject) -> String { renderer.render(subject) }

    var defaultValueDescription: String { renderer.identifier }
    static var allValueStrings: [String] { List.identifiers }

    /// `--help`'s line: every format with what it is for.
    static var help: ArgumentHelp {
        ArgumentHelp(
            "Output format: " + List.formats.map { "\($0.identifier) (\($0.description))" }.joined(separator: ", ") + ".",
            valueName: "format")
    }
}
