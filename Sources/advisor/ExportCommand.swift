import AdvisorApp
import AdvisorCore
import AdvisorReporting
import ArgumentParser
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a dataset's stored calls as raw samples (JSON Lines), every field kept, for advisor ingest elsewhere.",
        discussion: """
            The way to bring probes run in several regions together: export each region's dataset, \
            then ingest the files into one dataset (docs/probe.md). Ingesting the same export twice \
            is refused and changes nothing.

            Example: advisor export --dataset probe-eu-central-1-2026-12-02 --out frankfurt.jsonl
            """)

    @Option(help: ArgumentHelp("The dataset to export (raw samples).", valueName: "name"))
    var dataset: String

    @Option(help: ArgumentHelp("Write to this file instead of stdout (replaced whole, never half-written).", valueName: "file"))
    var out: String?

    @OptionGroup var store: StoreOptions

    mutating func run() throws {
        if let out, out != "-" { _ = try OutputTarget.check(out) }
        let text = try store.withStore { store in SampleExport.jsonl(try store.rawSamples(dataset: dataset)) }
        try Output.emit(text, out: out)
    }
}
