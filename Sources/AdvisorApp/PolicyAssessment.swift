public import AdvisorCore
import AdvisorFormats
import AdvisorStore
public import Foundation

/// What advisor finds for a deployment config, and the capacity figures behind its quota findings:
/// the one assembly `check`, `capacity` and `report` share, so the report shows everything check
/// fails on and capacity sizes exactly the quotas check judged.
public struct PolicyAssessment: Sendable {
    /// advisor.yaml as declared, with the account's imported quotas where it declares none.
    public var deployment: DeploymentConfig
    public var dataset: Dataset
    public var observed: [RouteObservation]
    public var findings: [Finding]
    /// Per quota: the declared peaks summed (or, with `.observed`, the busiest stored minute).
    public var capacity: [CapacityRow]
    /// The services' own retry settings simulated against each quota they draw on (advisor.yaml's
    /// `simulate:` settings or the defaults); empty unless asked for or `simulate:` is set.
    public var simulations: [SimulationRun] = []
    /// Why a simulation asked for only to be shown (the report's) was not run: a load beyond the
    /// simulator's bounds. With `simulate:` in advisor.yaml the same fails the command instead.
    public var simulationSkipped: String?

    /// Where the capacity rows take their load from.
    public enum Load: Sendable {
        case declared
        /// CloudWatch's minutes in the store (`ingest --format cloudwatch`).
        case observed
    }

    /// The dataset is `dataset` when given, else the config's `dataset:`, else the built-in one.
    /// `iac`: model uses read from Terraform plans and CloudFormation templates (IaCInputs): each
    /// becomes a service at its file and line, advisor.yaml adding what IaC cannot say.
    public static func assess(
        _ declared: DeploymentConfig, rules: [Rule], workspace: Workspace, catalogue: Catalogue, dataset: String?,
        load: Load = .declared, now: Date, parallelism: Int, iac: [IaCModelUse] = [], simulate: Bool = false
    ) throws -> PolicyAssessment {
        var base = declared
        var notChecked: [Finding] = []
        if !iac.isEmpty {
            let merged = IaCServices.merge(iac, into: declared)
            base = merged.config
            notChecked = merged.notChecked
        }
        let deployment = try prepare(base, rules: rules, workspace: workspace, catalogue: catalogue)
        // `simulate`: the caller shows the runs (the report); `simulate:` in advisor.yaml: the rules judge them.
        let simulating = simulate || deployment.simulation != nil
        // The simulation draws call times from the route's samples where the dataset kept them.
        let data = try latencyData(dataset, deployment: deployment, workspace: workspace, distributions: simulating)
        let observed = RouteObservation.from(try workspace.store.observedCounts(clients: true), catalogue: catalogue)
        var runs: [SimulationRun] = []
        var skipped: String?
        if simulating {
            do throws(InputError) {
                runs = try SimulationPlan.configRuns(deployment, catalogue: catalogue, dataset: data, otherRefill: simulate)
            } catch {
                // Judged (`simulate:`): the command fails. Only shown (the report): it says why.
                guard deployment.simulation == nil else { throw error }
                skipped = error.description
            }
        }
        let simulated = SimulationPlan.simulatedServices(runs, settings: deployment.simulation)
        let findings =
            notChecked
            + PolicyEngine.check(
                deployment, rules: rules,
                environment: PolicyEnvironment(catalogue: catalogue, dataset: data, observed: observed, simulated: simulated),
                now: now, parallelism: parallelism)
        return PolicyAssessment(
            deployment: deployment, dataset: data, observed: observed, findings: findings,
            capacity: try capacity(deployment, load: load, workspace: workspace, catalogue: catalogue, now: now), simulations: runs,
            simulationSkipped: skipped)
    }

    /// The capacity rows alone (`advisor capacity`), from the same prepared deployment and the same
    /// computation as `assess`, without the latency data the findings need.
    public static func capacityOnly(
        _ declared: DeploymentConfig, rules: [Rule], workspace: Workspace, catalogue: Catalogue,
        load: Load, now: Date
    ) throws -> [CapacityRow] {
        try capacity(
            try prepare(declared, rules: rules, workspace: workspace, catalogue: catalogue), load: load, workspace: workspace,
            catalogue: catalogue, now: now)
    }

    /// The latency dataset a deployment is judged on: `--dataset`, else the config's `dataset:`, else
    /// the built-in one; `distributions` keeps a raw-sample dataset's calls (what the simulator draws from).
    static func latencyData(_ dataset: String?, deployment: DeploymentConfig, workspace: Workspace, distributions: Bool = false) throws
        -> Dataset
    {
        try dataset.map { name throws(StoreError) in try workspace.store.dataset(named: name, distributions: distributions) }
            ?? deployment.dataset.map { name throws(StoreError) in
                try workspace.store.dataset(named: name, field: "\(deployment.file): dataset", distributions: distributions)
            }
            ?? workspace.store.dataset(named: BuiltinData.seedDatasetName, distributions: distributions)
    }

    /// The config's names checked, and the account's imported quotas where it declares none.
    static func prepare(_ declared: DeploymentConfig, rules: [Rule], workspace: Workspace, catalogue: Catalogue) throws -> DeploymentConfig
    {
        try validate(declared, catalogue: catalogue, rules: rules)
        return try withImportedQuotas(declared, workspace: workspace, catalogue: catalogue)
    }

    static func capacity(
        _ deployment: DeploymentConfig, load: Load, workspace: Workspace, catalogue: Catalogue, now: Date
    ) throws -> [CapacityRow] {
        try rows(deployment, load: load, workspace: workspace, catalogue: catalogue).map { row in
            var cited = row
            cited.citeBurndown(of: catalogue.model(row.quota.model), now: now)
            return cited
        }
    }

    static func rows(_ deployment: DeploymentConfig, load: Load, workspace: Workspace, catalogue: Catalogue) throws -> [CapacityRow] {
        switch load {
        case .declared:
            return CapacityRow.declared(deployment, catalogue: catalogue)
        case .observed:
            let minutes = try workspace.store.observedMinutes()
            return deployment.quotas.map { quota in
                CapacityRow(
                    quota: quota,
                    observed: ObservedLoad.of(
                        model: quota.model, region: quota.region, scope: quota.scope,
                        profile: quota.profile, minutes: minutes, catalogue: catalogue),
                    burndown: catalogue.model(quota.model)?.outputBurndown ?? 1)
            }
        }
    }

    /// advisor.yaml's names checked against the catalogue and the rules (which the store holds).
    public static func validate(_ config: DeploymentConfig, catalogue: Catalogue, rules: [Rule]) throws {
        try ConfigReader.validate(config, ruleIds: PolicyEngine.ruleIds(rules), catalogue: catalogue)
        // What only the simulator reads (a burst, an SDK and its mode) is still the config's to get
        // right: every command refuses it, not only the ones that simulate.
        for service in config.services {
            _ = try SimulationPlan.declaredPolicy(service, file: config.file)
            _ = try SimulationPlan.arrivalShape(service, file: config.file)
        }
    }

    /// advisor.yaml's quotas, or, where it declares none, the account's own (ingest --format
    /// service-quotas) for the regions, models and scopes its services use.
    static func withImportedQuotas(_ config: DeploymentConfig, workspace: Workspace, catalogue: Catalogue) throws -> DeploymentConfig {
        guard config.quotas.isEmpty else { return config }
        let imported = try workspace.store.importedQuotas()
        guard !imported.isEmpty else { return config }
        var withQuotas = config
        let targets = config.services.map { PolicyFacts.target($0, catalogue: catalogue, residency: nil) }
        withQuotas.quotas = ImportedQuota.quotaConfigs(imported, services: config.services, targets: targets)
        return withQuotas
    }
}

extension PolicyAssessment {
    /// `advisor simulate`: the quotas check and capacity judge, each run under every policy asked
    /// for, on the same seeded traffic.
    public static func simulate(
        _ declared: DeploymentConfig, rules: [Rule], workspace: Workspace, catalogue: Catalogue, dataset: String?,
        policies: [String], refill: QuotaSimulation.Refill, minutes: Int, seed: UInt64, now: Date
    ) throws -> [SimulationRun] {
        let deployment = try prepare(declared, rules: rules, workspace: workspace, catalogue: catalogue)
        let data = try latencyData(dataset, deployment: deployment, workspace: workspace, distributions: true)
        let rows = try capacity(deployment, load: .declared, workspace: workspace, catalogue: catalogue, now: now)
        var planned: [SimulationPlan.PlannedRun] = []
        for policy in policies {
            planned += try SimulationPlan.plan(
                deployment, capacity: rows, dataset: data, catalogue: catalogue, policy: policy, refill: refill, minutes: minutes,
                seed: seed, otherRefill: true)
        }
        // The bound is on everything asked for at once: every quota under every policy compared.
        try SimulationPlan.checkWork(planned, file: deployment.file)
        return planned.map { $0.run() }
    }
}
