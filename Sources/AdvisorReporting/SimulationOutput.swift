public import AdvisorCore

/// `advisor simulate`'s output: per quota and policy, each service's outcome, then the quota's busiest minutes.
public enum SimulationOutput {
    static func seconds(_ value: Double) -> String { value < 10 ? String(format1(value)) + " s" : String(Int(value.rounded())) + " s" }

    static func format1(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// One service's outcome as every table of it shows it (simulate's text, the report).
    static let headers = ["service", "requests", "succeeded", "gave up", "attempts/request", "throttled", "added P50", "added P99"]

    static func cells(_ service: QuotaSimulation.ServiceResult) -> [String] {
        [
            service.name, String(service.requests), String(service.succeeded), String(service.gaveUp),
            format1(service.attemptsPerRequest), String(service.throttledAttempts), seconds(service.addedLatencyP50),
            seconds(service.addedLatencyP99),
        ]
    }

    /// What a run's table does not show: its busiest minute, breakers, failovers and its note.
    static func remarks(_ run: SimulationRun) -> [String] {
        var out: [String] = []
        let result = run.result
        let busiest = result.minutes.enumerated().max { $0.element.throttled < $1.element.throttled }
        if let busiest, busiest.element.throttled > 0 {
            out.append(
                "busiest minute \(busiest.offset): \(busiest.element.admitted) attempts admitted, \(busiest.element.throttled) throttled")
        }
        for service in result.services where service.shortCircuited > 0 {
            out.append("\(service.name): its circuit breaker failed \(service.shortCircuited) attempts at once, without sending them")
        }
        for service in result.services where service.failedOver > 0 {
            out.append("\(service.name): \(service.failedOver) requests failed over after a throttle")
        }
        if let other = run.otherRefill {
            let here = SimulationRun.RefillOutcome(result)
            out.append(
                "refill: under \(other.refill.rawValue) instead, \(other.throttledAttempts) attempts throttled and \(other.gaveUp) requests "
                    + "gave up (\(result.refill.rawValue): \(here.throttledAttempts) and \(here.gaveUp))"
                    + (other.gaveUp == here.gaveUp && other.throttledAttempts == here.throttledAttempts
                        ? ": the answer does not depend on it" : ""))
        }
        if let note = run.note { out.append("note: \(note)") }
        return out
    }

    /// A run's per-minute chart in words (its text alternative and caption).
    static func chartDescription(_ run: SimulationRun) -> String {
        let admitted = run.result.minutes.map(\.admitted).reduce(0, +), throttled = run.result.minutes.map(\.throttled).reduce(0, +)
        var text =
            "Minute by minute under the services' own retry settings, \(run.quota) admitted \(admitted) attempts and throttled "
            + "\(throttled) over \(run.result.minutes.count) minutes"
        if let busiest = run.result.minutes.enumerated().max(by: { $0.element.throttled < $1.element.throttled }),
            busiest.element.throttled > 0
        {
            text += "; the busiest minute, \(busiest.offset), refused \(busiest.element.throttled)"
        }
        let limits = [run.rpm.map { "\(Policy.Value.number($0)) requests" }, run.tpm.map { "\(Policy.Value.number($0)) tokens" }]
            .compactMap { $0 }
        if !limits.isEmpty { text += "; the quota admits \(limits.joined(separator: " and ")) a minute" }
        if let tpm = run.tpm, run.rpm.map({ rpm in run.result.minutes.allSatisfy { Double($0.admitted) < rpm * 0.9 } }) ?? false,
            run.result.minutes.contains(where: { $0.throttled > 0 })
        {
            text += ", and its \(Policy.Value.number(tpm)) tokens, not its requests, are what refuse attempts"
        }
        return text + "."
    }

    /// A run's heading line.
    static func heading(_ run: SimulationRun) -> String {
        "\(run.quota) · policy \(run.policy) · \(run.result.minutes.count) simulated minutes · refill \(run.result.refill.rawValue) · seed \(run.result.seed)"
    }

    public static func text(_ runs: [SimulationRun]) -> String {
        guard !runs.isEmpty else {
            return "Nothing to simulate: no quota in the config (or imported) has services with traffic.peak_rpm drawing on it.\n"
        }
        var out: [String] = []
        for run in runs {
            let result = run.result
            out.append(heading(run))
            out.append(TextTable(headers: headers, rows: result.services.map(cells), rightAligned: Set(1...7)).rendered())
            out += remarks(run)
            out.append("")
        }
        out.append(
            "A seeded simulation (docs/simulate.md): Poisson arrivals at the declared peaks (or in their declared bursts), call times drawn from the dataset's figures for the route, the quota as Bedrock counts it (reservation of "
                + "input + cache write + max_tokens at the start, settlement with the output burndown at the end), the SDK's retry constants. "
                + "AWS does not say whether quota windows are fixed minutes or sliding: each run also says what the other refill gives.")
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
                                "other_refill",
                                run.otherRefill.map { other in
                                    .object([
                                        ("refill", .string(other.refill.rawValue)), ("throttled_attempts", .int(other.throttledAttempts)),
                                        ("gave_up", .int(other.gaveUp)),
                                    ])
                                } ?? .null
                            ),
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
