public import AdvisorCore

/// `advisor routes`: where each route's calls really ran, from the account's CloudTrail records.
public enum RoutesOutput {
    /// What `routes` shows: the routes, and with `--clients` the retry-mode census under each.
    public struct View: Sendable {
        public var routes: [RouteObservation]
        public var clients: Bool

        public init(routes: [RouteObservation], clients: Bool = false) {
            self.routes = routes
            self.clients = clients
        }
    }

    static func clientsJSON(_ route: RouteObservation) -> JSONValue {
        .array(
            route.clients.map { use in
                .object([
                    ("caller", .string(use.caller)),
                    ("sdk", .string(use.client.sdk)),
                    ("retry_mode", .string(use.client.retryMode)),
                    ("calls", .int(use.calls)),
                    ("throttled", .int(use.throttled)),
                    ("default_attempts", use.defaultAttempts.map(JSONValue.int) ?? .null),
                ])
            })
    }

    public static func json(_ routes: [RouteObservation], clients: Bool = false) -> String {
        JSONValue.object([
            (
                "routes",
                .array(
                    routes.map { route in
                        .object(
                            [
                                ("source", .string(route.source)),
                                ("profile", .string(route.profile)),
                                (
                                    "endpoints",
                                    .object(route.endpoints.sorted { $0.key > $1.key }.map { ($0.key, JSONValue.int($0.value)) })
                                ),
                                ("calls", .int(route.calls)),
                                ("errors", .int(route.errors)),
                                ("first", .string(route.first)),
                                ("last", .string(route.last)),
                                ("destinations", .object(route.ranked.map { ($0.region, JSONValue.int($0.calls)) })),
                                ("outside_catalogue", .array(route.outsideCatalogue.map(JSONValue.string))),
                            ] + (clients ? [("clients", clientsJSON(route))] : []))
                    })
            )
        ]).rendered() + "\n"
    }

    public static func text(_ routes: [RouteObservation], clients: Bool = false) -> String {
        guard !routes.isEmpty else {
            return "No Bedrock inference calls in the store for this selection: ingest CloudTrail records with "
                + "advisor ingest --format cloudtrail FILE…, or an Athena result with --format athena (docs/account-evidence.md).\n"
        }
        var lines: [String] = []
        for route in routes {
            lines.append(
                "\(route.profile) from \(route.source) via \(route.endpointSummary): \(route.summary)"
                    + (route.errors > 0 ? ", \(route.errors) failed" : "") + " (\(route.first) to \(route.last))")
            if !route.ranked.isEmpty {
                lines.append(
                    TextTable(
                        headers: ["served in", "calls", "share"],
                        rows: route.ranked.map { entry in
                            [entry.region, String(entry.calls), RouteObservation.share(entry.calls, of: route.calls)]
                        }, rightAligned: [1, 2]
                    ).rendered())
            }
            if !route.outsideCatalogue.isEmpty {
                lines.append(
                    "  outside the catalogue's destinations for \(route.profile) from \(route.source): "
                        + route.outsideCatalogue.joined(separator: ", ")
                        + " (the catalogue is out of date, or AWS changed the profile: refresh it with advisor catalogue import)")
            }
            if clients, !route.clients.isEmpty {
                lines.append(
                    TextTable(
                        headers: ["caller", "SDK", "retry mode", "calls", "throttled", "default attempts"],
                        rows: route.clients.map { use in
                            [
                                use.caller.isEmpty ? "(not recorded)" : use.caller, use.client.sdk.isEmpty ? "(unknown)" : use.client.sdk,
                                use.client.retryMode.isEmpty ? "(not sent)" : use.client.retryMode, String(use.calls),
                                String(use.throttled), use.defaultAttempts.map(String.init) ?? "-",
                            ]
                        }, rightAligned: [3, 4, 5]
                    ).rendered())
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
