public import AdvisorCore

/// `advisor simulate`'s output: per quota and policy, each service's outcome, then the quota's busiest minutes.
public enum SimulationReport: RendererList {
    public static let formats: [Renderer<[SimulationRun]>] = [
        Renderer("text", "a table per quota and policy") { text($0) },
        Renderer("json", "one document for scripts") { json($0) },
    ]

    static func seconds(_ value: Double) -> String { value < 10 ? String(format1(value)) + " s" : String(Int(value.rounded())) + " s" }

    static func format1(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    public static func text(_ runs: [SimulationRun]) -> String {
        guard !runs.isEmpty else {
            return "Nothing to simulate: no quota in the config (or imported) has services with traffic.peak_rpm drawing on it.\n"
        }
        var out: [String] = []
        for run in runs {
            let result = run.result
            out.append(
                "\(run.quota) · policy \(run.policy) · \(result.minutes.count) simulated minutes · refill \(result.refill.rawValue) · seed \(result.seed)"
            )
            let rows = result.services.map { service in
                [
                    service.name, String(service.requests), String(service.succeeded), String(service.gaveUp),
                    format1(service.attemptsPerRequest), String(service.throttledAttempts), seconds(service.addedLatencyP50),
                    seconds(service.addedLatencyP99),
                ]
            }
            out.append(
                TextTable(
                    headers: ["service", "requests", "succeeded", "gave up", "attempts/request", "throttled", "added P50", "added P99"],
                    rows: rows, rightAligned: Set(1...7)
                ).rendered())
            let busiest = result.minutes.enumerated().max { $0.element.throttled < $1.element.throttled }
            if let busiest, busiest.element.throttled > 0 {
                out.append(
                    "busiest minute \(busiest.offset): \(busiest.element.admitted) attempts admitted, \(busiest.element.throttled) throttled"
                )
            }
            for service in result.services where service.shortCircuited > 0 {
                out.append("\(service.name): its circuit breaker failed \(service.shortCircuited) attempts at once, without sending them")
            }
            for service in result.services where service.failedOver > 0 {
                out.append("\(service.name): \(service.failedOver) requests failed over after a throttle")
            }
            if let note = run.note { out.append("note: \(note)") }
            out.append("")
        }
        out.append(
            "A seeded simulation (docs/simulate.md): Poisson arrivals at the declared peaks (or in their declared bursts), call times drawn from the dataset's figures for the route, the quota as Bedrock counts it (reservation of "
                + "input + cache write + max_tokens at the start, settlement with the output burndown at the end), the SDK's retry constants. "
                + "AWS does not say whether quota windows are fixed minutes or sliding: compare --refill fixed-window and token-bucket.")
        return out.joined(separator: "\n") + "\n"
    }

    public static func json(_ runs: [SimulationRun]) -> String {
        JSONValue.object([
            (
                "simulations",
                .array(
                    runs.map { run in
                        .object([
                            ("quota", .string(run.quota)), ("policy", .string(run.policy)),
                            ("refill", .string(run.result.refill.rawValue)), ("seed", .int(Int(truncatingIfNeeded: run.result.seed))),
                            ("minutes", .int(run.result.minutes.count)), ("note", run.note.map(JSONValue.string) ?? .null),
                            (
                                "services",
                                .array(
                                    run.result.services.map { service in
                                        .object([
                                            ("name", .string(service.name)), ("requests", .int(service.requests)),
                                            ("succeeded", .int(service.succeeded)), ("gave_up", .int(service.gaveUp)),
                                            ("attempts", .int(service.attempts)), ("throttled_attempts", .int(service.throttledAttempts)),
                                            ("short_circuited", .int(service.shortCircuited)), ("failed_over", .int(service.failedOver)),
                                            ("added_latency_p50_s", .double(service.addedLatencyP50)),
                                            ("added_latency_p99_s", .double(service.addedLatencyP99)),
                                        ])
                                    })
                            ),
                            (
                                "per_minute",
                                .array(
                                    run.result.minutes.map { minute in
                                        .object([
                                            ("admitted", .int(minute.admitted)), ("throttled", .int(minute.throttled)),
                                            ("quota_tokens", .double(minute.quotaTokens)),
                                        ])
                                    })
                            ),
                        ])
                    })
            )
        ]).rendered() + "\n"
    }
}
