import AdvisorCore
import AdvisorFormats
import AdvisorReporting
import AdvisorStore
import ArgumentParser
import Foundation

struct CapacityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "The quota math: per quota, the services sharing it, summed peaks, utilisation and the quota to request.")

    @Option(help: ArgumentHelp("The deployment config.", valueName: "file"))
    var config: String = "advisor.yaml"

    @OptionGroup var store: StoreOptions

    mutating func run() throws {
        let deployment = try PolicyInput.readConfig(config, rules: try RuleLoader.builtin())
        try store.withStore { store in
            let catalogue = try store.catalogue(named: deployment.catalogue, field: "\(deployment.file): catalogue")
            let targets = deployment.services.map { PolicyFacts.target($0, catalogue: catalogue, residency: nil) }
            let rows = PolicyFacts.quotas(deployment.quotas, services: deployment.services, targets: targets)
            print(RulesReport.capacity(rows), terminator: "")
        }
    }
}
