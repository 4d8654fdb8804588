/// The guide's circuit breaker, one per endpoint: closed (calls flow), open after
/// `failureThreshold` consecutive failures (calls are refused for `openSeconds`), half-open after
/// that (one trial call; success closes, failure opens again). A pure state machine: the caller
/// gives the time.
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case closed
        case open(until: Double)
        case halfOpen
    }

    public let failureThreshold: Int
    public let openSeconds: Double
    public private(set) var state: State = .closed
    public private(set) var consecutiveFailures = 0
    /// Whether the last opening came from a failed half-open trial: the pause did not help.
    public private(set) var reopened = false

    /// The guide's defaults: 5 failures, 60 seconds.
    public init(failureThreshold: Int = 5, openSeconds: Double = 60) {
        self.failureThreshold = max(1, failureThreshold)
        self.openSeconds = openSeconds
    }

    /// Whether a call may go now; when not, how long until it may.
    public mutating func permit(now: Double) -> Double? {
        switch state {
        case .closed, .halfOpen: return nil
        case .open(let until):
            if now >= until {
                state = .halfOpen
                return nil
            }
            return until - now
        }
    }

    public mutating func recordSuccess() {
        state = .closed
        consecutiveFailures = 0
        reopened = false
    }

    /// Counts failures the breaker should see: throttling and transient ones, not a final error
    /// such as a ValidationException, which says nothing of the endpoint's health.
    public mutating func recordFailure(now: Double) {
        consecutiveFailures += 1
        if state == .halfOpen || consecutiveFailures >= failureThreshold {
            reopened = state == .halfOpen
            state = .open(until: now + openSeconds)
        }
    }
}
