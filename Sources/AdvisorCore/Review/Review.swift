/// What `advisor report` says, as values: the evidence for an architecture review, built by
/// `ReviewBuilder` from a dataset and the catalogue, and rendered as Markdown or HTML by
/// AdvisorReporting. Every number here is computed from the store; the only figures taken from
/// elsewhere are a source's own printed differences (`PublishedDifference`), kept to footnote
/// where the source printed another number than its own data gives.
public struct Review: Sendable {
    /// The answer first: the decision matrices, the conclusion, what fails check.
    public var summary: ReviewSummary?
    public var provenance: Provenance
    public var models: [ModelSection]
    public var decisions: [RegionDecisions]
    public var comparison: Comparison?
    public var services: [ServiceReview]?
    /// With a config: its quotas as `advisor capacity` computes them, and the findings on them.
    public var capacity: Capacity?

    public struct Capacity: Sendable {
        public var rows: [CapacityRow]
        public var findings: [Finding]
        /// The services' own retry settings simulated against each quota (`advisor simulate`'s policy
        /// config, advisor.yaml's `simulate:` settings or the defaults), when services declare traffic.
        public var simulations: [SimulationRun] = []
        /// Why the quotas were not simulated though services declare traffic (beyond the simulator's bounds).
        public var simulationSkipped: String? = nil
    }

    public struct Provenance: Sendable {
        public var dataset: String
        public var kind: DatasetKind
        public var measured: String?
        public var ageDays: Int?
        public var origin: String?
        public var description: String?
        public var routes: Int
        public var calls: Int
        /// Fewest and most successful calls behind one route, when counts are known.
        public var callsPerRoute: ClosedRange<Int>?
        public var sources: [String]
        /// When, by which advisor, from which catalogue version and command the page was made.
        public var generatedAt: String?
        public var advisorVersion: String?
        public var catalogue: String?
        public var catalogueDate: String?
        public var commandLine: String?
        /// Thin, stale, percentiles from too few calls, routes with only errors, nothing at all.
        public var warnings: [String]
    }

    /// One model's part: the seed lab's overview table and tail table.
    public struct ModelSection: Sendable {
        public var model: Model
        public var overview: [OverviewRow]
        public var tails: [TailRow]
        /// Every route of the model the report covers, in the overview's order.
        public var routes: [RouteKey]
        /// Numbered in order of first use in `overview`.
        public var footnotes: [String]
    }

    /// A route's P50s as the overview prints them.
    public struct RouteFigures: Sendable, Equatable {
        public var profile: String
        public var scope: Scope
        public var ttfbP50: Double?
        public var totalP50: Double?
        public var n: Int?
        public var errors: [String: Int]
    }

    /// One source region of the overview: global against one geographic profile.
    public struct OverviewRow: Sendable {
        public var source: String
        public var global: RouteFigures?
        public var geographic: RouteFigures?
        /// Global over geographic, the lab's convention (RouteGap).
        public var ttfbGap: RouteGap?
        public var totalGap: RouteGap?
        /// Why a side is empty: "no geographic profile of this model is callable from ap-southeast-1".
        public var note: String?
        /// Footnote numbers (1-based, into ModelSection.footnotes) for the TTFB and total gaps.
        public var ttfbFootnote: Int?
        public var totalFootnote: Int?
    }

    public struct TailRow: Sendable, Equatable {
        public var source: String
        public var profile: String
        public var scope: Scope
        public var p50: Double?
        public var p95: Double?
        public var p99: Double?
        public var n: Int?
    }

    /// The decision matrix for one source region.
    public struct RegionDecisions: Sendable {
        public var source: String
        public var regionName: String?
        public var rows: [Decision]
        /// Catalogue facts behind rows where no geographic profile could be chosen.
        public var catalogueFacts: [String]
        /// Where the account's calls from this region really ran (CloudTrail), beside the catalogue's answer.
        public var observed: [String] = []
    }

    public struct Decision: Sendable, Equatable {
        public var model: String
        public var priority: Priority
        public var choice: String?
        public var reason: String
        /// How far the choice is ahead of the runner-up on the priority's measure: "315 ms", "9% cheaper".
        public var margin: String? = nil
    }

    public struct Comparison: Sendable {
        /// The dataset the report is on, and the one it is compared with (the earlier figures).
        public var dataset: String
        public var baseline: String
        public var changes: [RouteChange]
        public var onlyInDataset: [RouteKey]
        public var onlyInBaseline: [RouteKey]
        public var flips: [Flip]
    }

    public enum Confidence: String, Sendable {
        /// The 95% intervals of the two P50s do not overlap.
        case significant
        /// They overlap: the change may be noise.
        case notSignificant = "not significant"
        /// One side has no interval (published figures carry none).
        case unknown
    }

    public struct RouteChange: Sendable {
        public var key: RouteKey
        public var metric: LatencyMetric
        public var baseline: Double
        public var now: Double
        /// Now over the baseline.
        public var gap: RouteGap
        public var confidence: Confidence
    }

    public struct Flip: Sendable, Equatable {
        public var source: String
        public var model: String
        public var priority: Priority
        public var before: String?
        public var after: String?
    }

    public struct ServiceReview: Sendable {
        public var name: String
        public var region: String
        public var route: String
        public var priority: Priority
        public var residency: String?
        public var recommended: String?
        public var findings: [Finding]
    }
}

/// A difference a source printed for its own figures (the seed article's table and findings), to
/// footnote where it differs from what its published P50s give.
public struct PublishedDifference: Sendable, Equatable {
    public var source: String
    public var model: String
    public var metric: LatencyMetric
    public var milliseconds: Double?
    public var percent: Double?

    public init(source: String, model: String, metric: LatencyMetric, milliseconds: Double?, percent: Double?) {
        self.source = source
        self.model = model
        self.metric = metric
        self.milliseconds = milliseconds
        self.percent = percent
    }
}
