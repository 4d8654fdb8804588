/// Requests per minute over a sliding 60-second window: a call waits until fewer than `limit`
/// calls were started in the last minute.
public struct RequestRateLimiter: Sendable, Equatable {
    public let limit: Int
    public let window: Double
    private var starts: [Double] = []

    public init(requestsPerMinute limit: Int, window: Double = 60) {
        self.limit = max(1, limit)
        self.window = window
    }

    /// How long to wait before a call may start at `now` (0: at once).
    public mutating func delay(now: Double) -> Double {
        starts.removeAll { $0 <= now - window }
        guard starts.count >= limit else { return 0 }
        return starts[starts.count - limit] + window - now
    }

    public mutating func record(start: Double) {
        starts.append(start)
    }
}

/// The guide's token-aware limiter: a sliding 60-second window of tokens used; a call goes only
/// when the window's usage plus its estimate fits the budget. The estimate is reserved when the
/// call starts and replaced by the actual usage when it ends, so concurrent calls cannot overdraw.
public struct TokenRateLimiter: Sendable, Equatable {
    public let tokensPerMinute: Int
    public let window: Double
    private var usage: [(time: Double, tokens: Int, id: Int)] = []
    private var nextId = 0

    public init(tokensPerMinute: Int, window: Double = 60) {
        self.tokensPerMinute = max(1, tokensPerMinute)
        self.window = window
    }

    public static func == (lhs: TokenRateLimiter, rhs: TokenRateLimiter) -> Bool {
        lhs.tokensPerMinute == rhs.tokensPerMinute && lhs.window == rhs.window
            && lhs.usage.map(\.tokens) == rhs.usage.map(\.tokens) && lhs.usage.map(\.time) == rhs.usage.map(\.time)
    }

    /// Tokens used in the window ending at `now`.
    public mutating func used(now: Double) -> Int {
        usage.removeAll { $0.time <= now - window }
        return usage.reduce(0) { $0 + $1.tokens }
    }

    /// How long to wait before a call estimated at `tokens` may start at `now` (0: at once). A
    /// call larger than the whole budget waits for an empty window, then goes alone.
    public mutating func delay(now: Double, estimatedTokens tokens: Int) -> Double {
        var total = used(now: now)
        guard total + tokens > tokensPerMinute, !usage.isEmpty else { return 0 }
        // Wait until enough of the oldest usage leaves the window.
        for entry in usage {
            total -= entry.tokens
            if total + tokens <= tokensPerMinute || total == 0 { return max(0, entry.time + window - now) }
        }
        return max(0, (usage.last?.time ?? now) + window - now)
    }

    /// Reserves the estimate at the call's start; returns the reservation to settle later.
    public mutating func reserve(now: Double, estimatedTokens tokens: Int) -> Int {
        nextId += 1
        usage.append((time: now, tokens: tokens, id: nextId))
        return nextId
    }

    /// Replaces a reservation with the tokens the call actually used (input + output).
    public mutating func settle(_ reservation: Int, actualTokens tokens: Int) {
        guard let index = usage.firstIndex(where: { $0.id == reservation }) else { return }
        usage[index].tokens = tokens
    }
}
