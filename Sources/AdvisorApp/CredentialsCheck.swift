import AdvisorProbe
public import Foundation

/// `advisor credentials`: which AWS credentials the probe would use and where they come from, in the
/// AWS CLI's order; never the secret.
public enum CredentialsCheck {
    public struct Answer: Sendable {
        /// The credentials described (kind, access key id, source), or why none were found.
        public var found: String?
        public var failure: String?
        /// Every step of the chain, for --verbose.
        public var trace: [String]
    }

    public static func run(environment: [String: String], now: Date) -> Answer {
        let chain = CredentialsChain(sources: CredentialSources(environment: environment))
        do {
            let credentials = try chain.credentials(now: now)
            return Answer(found: credentials.description, failure: nil, trace: chain.trace)
        } catch {
            return Answer(found: nil, failure: error.description, trace: chain.trace)
        }
    }
}
