import AdvisorCore
import AdvisorFormats
import Foundation
import Testing

/// With raw samples the scorer ties two options when the 95% interval of their P50 difference
/// includes zero, instead of using the fixed margin; thin and stale data are called out.
struct SampleScoringTests {
    let catalogue: Catalogue

    init() throws { catalogue = try BuiltinData.catalogue() }

    /// Deterministic samples spread evenly around a median.
    func samples(median: Double, spread: Double, count: Int) -> [Double] {
        (0..<count).map { median + spread * (Double($0) / Double(max(count - 1, 1)) - 0.5) }
    }

    func dataset(_ routes: [String: (Double, Double, Int)], measuredAt: Date? = nil) -> Dataset {
        var result: [RouteKey: RouteStats] = [:]
        for (profile, (median, spread, count)) in routes {
            let key = RouteKey(source: "eu-central-1", profile: profile)
            let totals = samples(median: median, spread: spread, count: count)
            let sampleList = totals.map { LatencySample(source: key.source, profile: profile, ttfbMs: $0 / 3, totalMs: $0) }
            result[key] = RouteSampleStats(key: key, samples: sampleList).routeStats
        }
        return Dataset(name: "lab", kind: .samples, measured: "2026-11-20", measuredAt: measuredAt, routes: result)
    }

    func recommend(_ dataset: Dataset, now: Date? = nil) -> Recommendation {
        Recommender.recommend(
            RecommendationRequest(
                source: "eu-central-1", models: ["anthropic.claude-sonnet-4-6"],
                priority: .latency, now: now),
            catalogue: catalogue, dataset: dataset)
    }

    @Test func aDifferenceInsideTheIntervalIsATieEvenAboveTheFixedMargin() {
        // 80 ms apart (beyond 50 ms / 3%), but with a 2000 ms spread over 30 calls the medians are uncertain.
        let noisy = dataset(["eu.anthropic.claude-sonnet-4-6": (2400, 2000, 30), "global.anthropic.claude-sonnet-4-6": (2480, 2000, 30)])
        let result = recommend(noisy).models[0]
        #expect(result.choice == "global.anthropic.claude-sonnet-4-6")
        #expect(result.options.map(\.verdict) == [.choice, .tie])
        #expect(
            result.options[0].reasons[0].hasPrefix(
                "global and eu. are statistically tied in total (80 ms apart; the 95% interval of the difference of medians, ±"))
    }

    @Test func enoughSamplesSeparateTheSameDifference() {
        let precise = dataset(["eu.anthropic.claude-sonnet-4-6": (2400, 200, 400), "global.anthropic.claude-sonnet-4-6": (2480, 200, 400)])
        let result = recommend(precise).models[0]
        #expect(result.choice == "eu.anthropic.claude-sonnet-4-6")
        #expect(result.options.map(\.verdict) == [.choice, .slower])
    }

    @Test func fewSamplesAreCalledThin() {
        let thin = dataset(["eu.anthropic.claude-sonnet-4-6": (2400, 100, 12), "global.anthropic.claude-sonnet-4-6": (2900, 100, 40)])
        let result = recommend(thin).models[0]
        #expect(
            result.notes.filter { !$0.hasPrefix("Where the data goes") }
                == ["Thin data: eu. (12 calls) rest on fewer than 30 successful calls; treat the ranking as provisional."])
    }

    @Test func theAnswerNamesTheDatasetItsAgeAndCountsAndFlagsStaleData() throws {
        let measured = Date(timeIntervalSince1970: 1_795_132_800)  // 2026-11-20
        let data = dataset(
            ["eu.anthropic.claude-sonnet-4-6": (2400, 100, 40), "global.anthropic.claude-sonnet-4-6": (2900, 100, 40)],
            measuredAt: measured)
        let fresh = recommend(data, now: measured.addingTimeInterval(2 * 86_400))
        #expect(
            fresh.datasetNotes == [
                "Dataset lab: raw samples, 80 successful calls from eu-central-1 (40 a route), measured 2026-11-20 (2 days ago)."
            ])
        let stale = recommend(data, now: measured.addingTimeInterval(45 * 86_400))
        #expect(
            stale.datasetNotes.last
                == "Stale data: lab is 45 days old, older than 30 days; routes and capacity may have changed since. Re-measure before relying on it."
        )
        let seed = try BuiltinData.seedDataset()
        let seedAnswer = Recommender.recommend(
            RecommendationRequest(
                source: "eu-central-1", models: ["anthropic.claude-sonnet-4-6"],
                priority: .latency, now: Date(timeIntervalSince1970: 1_795_305_600)),
            catalogue: catalogue, dataset: seed)
        #expect(
            seedAnswer.datasetNotes[0]
                == "Dataset seed-lab-2026-04: published figures, 120 successful calls from eu-central-1 (30 a route), measured 2026-04-12 (224 days ago)."
        )
        #expect(seedAnswer.datasetNotes.count == 2)
    }

    @Test func exactMedianIntervalRanksMatchTheBinomialTable() {
        // Reference ranks from the binomial distribution (scipy.stats.binom; also Conover's table).
        #expect(SampleStatistics.medianIntervalRanks(count: 5) == nil)
        #expect(SampleStatistics.medianIntervalRanks(count: 6).map { [$0.lower, $0.upper] } == [1, 6])
        #expect(SampleStatistics.medianIntervalRanks(count: 10).map { [$0.lower, $0.upper] } == [2, 9])
        #expect(SampleStatistics.medianIntervalRanks(count: 30).map { [$0.lower, $0.upper] } == [10, 21])
        #expect(SampleStatistics.medianIntervalRanks(count: 1000).map { [$0.lower, $0.upper] } == [469, 532])
        #expect(SampleStatistics.medianIntervalRanks(count: 100_000).map { [$0.lower, $0.upper] } == [49690, 50311])
        // Past the point where the walk starts below the mean rather than at zero (scipy 1.17 binom.cdf).
        #expect(SampleStatistics.medianIntervalRanks(count: 7919).map { [$0.lower, $0.upper] } == [3872, 4048])
        #expect(SampleStatistics.medianIntervalRanks(count: 123_457).map { [$0.lower, $0.upper] } == [61384, 62074])
        #expect(SampleStatistics.medianIntervalRanks(count: 166_667).map { [$0.lower, $0.upper] } == [82933, 83735])
        #expect(SampleStatistics.medianIntervalRanks(count: 999_999).map { [$0.lower, $0.upper] } == [499020, 500980])
        #expect(SampleStatistics.medianIntervalRanks(count: 1_000_000).map { [$0.lower, $0.upper] } == [499020, 500981])
        #expect(SampleStatistics.medianIntervalRanks(count: 4_000_001).map { [$0.lower, $0.upper] } == [1998041, 2001961])
    }

    /// The walk from 12 standard deviations below the mean finds the ranks the walk from zero finds,
    /// for every n up to 3,000 and for forty larger ones.
    @Test func shortenedRankWalkAgreesWithTheFullWalk() {
        func fullWalk(_ n: Int) -> Int {
            var logPMF = Double(n) * log(0.5), cumulative = 0.0, l = 0
            for k in 0..<n {
                cumulative += exp(logPMF)
                if cumulative > 0.025 { break }
                l = k + 1
                logPMF += log(Double(n - k)) - log(Double(k + 1))
            }
            return l
        }
        // A fixed spread of larger sizes (a multiplicative sequence, so no two share a pattern).
        let sizes = Array(6...3000) + (1...40).map { 3000 + ($0 * 7_919_993) % 400_000 }
        for n in sizes {
            #expect(SampleStatistics.medianIntervalRanks(count: n)?.lower == fullWalk(n), "n = \(n)")
        }
    }

    @Test func type7QuantilesOnSmallCases() {
        #expect(SampleStatistics.quantile(sorted: [7], 0.99) == 7)
        #expect(SampleStatistics.quantile(sorted: [1, 2], 0.5) == 1.5)
        let thirty = (1...30).map(Double.init)
        #expect(abs(SampleStatistics.quantile(sorted: thirty, 0.95)! - 28.55) < 1e-12)
        #expect(abs(SampleStatistics.quantile(sorted: thirty, 0.99)! - 29.71) < 1e-12)
    }
}
