import AdvisorCore
import Testing

/// The scorer on small hand-made catalogues and datasets, one rule at a time.
struct ScoringTests {
    static let catalogue = Catalogue(
        name: "test",
        geographies: [Geography(code: "eu", name: "Europe"), Geography(code: "us", name: "United States")],
        regions: [
            Region(code: "eu-a", name: "A", geography: "eu"), Region(code: "eu-b", name: "B", geography: "eu"),
            Region(code: "us-a", name: "C", geography: "us"),
        ],
        models: [Model(id: "m", name: "M", inRegion: ["eu-a"])],
        profiles: [
            InferenceProfile(
                id: "global.m", model: "m", scope: .global, sources: ["eu-a", "eu-b", "us-a"],
                destinations: .allCommercial),
            InferenceProfile(
                id: "eu.m", model: "m", scope: .geography("eu"), sources: ["eu-a", "eu-b"],
                destinations: .regions(["eu-a", "eu-b"])),
        ],
        prices: [
            Price(model: "m", scope: "global", inputPerMTok: 1, outputPerMTok: 1),
            Price(model: "m", scope: "geographic", inputPerMTok: 1.1, outputPerMTok: 1.1),
            Price(model: "m", scope: "in-region", inputPerMTok: 1.1, outputPerMTok: 1.1),
        ])

    func dataset(_ routes: [String: (ttfb: Double?, total: Double?)], source: String = "eu-a") -> Dataset {
        var result: [RouteKey: RouteStats] = [:]
        for (profile, values) in routes {
            var stats = RouteStats(n: 30)
            if let ttfb = values.ttfb { stats.values[MetricStatistic(.ttfb, .p50)] = ttfb }
            if let total = values.total { stats.values[MetricStatistic(.total, .p50)] = total }
            result[RouteKey(source: source, profile: profile)] = stats
        }
        return Dataset(name: "d", routes: result)
    }

    func recommend(_ dataset: Dataset, priority: Priority = .latency, noise: NoiseMargin = .default) -> ModelRecommendation {
        Recommender.recommend(
            RecommendationRequest(source: "eu-a", models: ["m"], priority: priority, noise: noise),
            catalogue: Self.catalogue, dataset: dataset
        ).models[0]
    }

    @Test func noiseMarginIsTheLargerOfAbsoluteAndRelative() {
        let noise = NoiseMargin(milliseconds: 50, fraction: 0.03)
        #expect(noise.allowance(1000, 1100) == 50)
        #expect(noise.allowance(4000, 4500) == 120)
        #expect(noise.isTie(1000, 1050))
        #expect(!noise.isTie(1000, 1051))
        #expect(noise.isTie(4000, 4120))
        #expect(!noise.isTie(4000, 4121))
    }

    @Test func anUnmeasuredOptionIsNeverRankedAsFast() {
        // eu.m has no figures; the in-region option is slower but measured. The measured one wins,
        // and the unmeasured one is reported as such, after it.
        let result = recommend(dataset(["m": (ttfb: 900, total: 3000), "global.m": (ttfb: 950, total: 3500)]))
        #expect(result.options.map(\.option.id) == ["m", "global.m", "eu.m"])
        #expect(result.options.map(\.verdict) == [.choice, .slower, .unmeasured])
        #expect(result.options[2].reasons == ["eu. has no P50 total latency figure from eu-a in dataset d; not compared on it"])
        #expect(result.notes.isEmpty)
    }

    @Test func withNoFiguresAtAllTheOrderIsByCostAndSaysSo() {
        let result = recommend(dataset([:]))
        #expect(result.choice == "global.m")
        #expect(result.options.allSatisfy { $0.verdict == .unmeasured })
        #expect(
            result.notes == [
                "No P50 total latency figures for any option from eu-a in dataset d: the order is by cost, then pool size, not by measurement."
            ])
    }

    @Test func tiesAreBrokenByCostThenPoolSize() {
        // In-region and eu. cost the same; within noise of each other; eu. draws on two regions.
        let result = recommend(
            dataset([
                "m": (ttfb: 500, total: 2000), "eu.m": (ttfb: 500, total: 2020),
                "global.m": (ttfb: 800, total: 2600),
            ]))
        #expect(result.options.map(\.option.id) == ["eu.m", "m", "global.m"])
        #expect(
            result.options[0].reasons[0]
                == "eu. and in-region are within the noise margin in total (20 ms apart, margin 60 ms); eu. draws on 2 destination regions against 1"
        )
    }

    @Test func theNoiseMarginCanBeOverridden() {
        let figures = dataset(["eu.m": (ttfb: 500, total: 2000), "global.m": (ttfb: 520, total: 2040), "m": (ttfb: nil, total: nil)])
        #expect(recommend(figures).choice == "global.m")
        #expect(recommend(figures, noise: NoiseMargin(milliseconds: 10, fraction: 0)).choice == "eu.m")
    }

    @Test func inRegionIsAnOptionOnlyWhereTheModelIsServed() {
        let fromA = Recommender.recommend(
            RecommendationRequest(source: "eu-a", models: ["m"], priority: .cost),
            catalogue: Self.catalogue, dataset: dataset([:])
        ).models[0]
        #expect(fromA.options.map(\.option.id).sorted() == ["eu.m", "global.m", "m"])
        let fromB = Recommender.recommend(
            RecommendationRequest(source: "eu-b", models: ["m"], priority: .cost),
            catalogue: Self.catalogue, dataset: dataset([:])
        ).models[0]
        #expect(fromB.options.map(\.option.id).sorted() == ["eu.m", "global.m"])
        #expect(fromB.excluded.map(\.id) == ["m"])
        #expect(fromB.excluded[0].bedrockError?.contains("with on-demand throughput isn't supported") == true)
    }

    @Test func balancedWeighsEveryMeasureEveryOptionHas() {
        let result = recommend(
            dataset([
                "eu.m": (ttfb: 500, total: 2000), "global.m": (ttfb: 1000, total: 2100),
                "m": (ttfb: nil, total: nil),
            ]), priority: .balanced)
        // eu.m: latency 1, ttfb 1, cost 1.1/1.0 → (0.35 + 0.25 + 0.275) / 0.85 = 1.029
        // global: 2100/2000, 1000/500, 1 → (0.3675 + 0.5 + 0.25) / 0.85 = 1.315
        #expect(result.options.map(\.balancedScore) == [1.029, 1.315, nil])
        #expect(result.choice == "eu.m")
    }

    @Test func globalNeverSatisfiesResidency() {
        let request = RecommendationRequest(source: "eu-a", models: ["m"], priority: .cost, residency: "eu")
        let result = Recommender.recommend(request, catalogue: Self.catalogue, dataset: dataset([:])).models[0]
        #expect(!result.options.contains { $0.option.id == "global.m" })
        #expect(result.excluded.contains { $0.id == "global.m" })
    }
}
