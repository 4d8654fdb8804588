public import AdvisorCore
public import AdvisorProbe
public import Foundation

/// Which profiles a probe or verify run calls, and with what authorisation.
public enum ProbeTargets {
    /// Short names (`global`, `eu`) or full ids in `list` (the caller's `field`); nil means every
    /// callable way. A profile the catalogue says is not callable from `source` is refused before
    /// any request, with Bedrock's error, unless `force`.
    public static func resolve(
        _ list: String?, field: String = "--profiles", model: String, source: String, catalogue: Catalogue,
        force: Bool
    ) throws(RequestError) -> [String] {
        let ways = catalogue.ways(toCall: model, from: source)
        guard let list else {
            let callable = ways.filter { $0.answer.isCallable }.map(\.id)
            guard !callable.isEmpty else {
                throw RequestError(
                    field: "--model", message: "\(model) has no way to be called from \(source) in catalogue \(catalogue.name)")
            }
            return callable
        }
        var chosen: [String] = []
        for item in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let id = catalogue.knows(item) ? item : ways.first { $0.scope.rawValue == item }?.id
            guard let id else {
                throw RequestError(
                    field: field,
                    message: "'\(item)' is neither a profile id nor a scope of \(model)'s profiles; "
                        + "expected one of " + ways.map { $0.scope.rawValue }.joined(separator: ", "))
            }
            if case .notCallable(let reason, let error) = catalogue.callability(of: id, from: source), !force {
                throw RequestError(
                    field: field,
                    message: "\(id) is not callable from \(source): \(reason). Bedrock would answer: "
                        + "\(error) (--force calls it anyway and records the refusal)")
            }
            if !chosen.contains(id) { chosen.append(id) }
        }
        guard !chosen.isEmpty else { throw RequestError(field: field, message: "name at least one profile") }
        return chosen
    }

    /// A Bedrock API key (AWS_BEARER_TOKEN_BEDROCK) when set, as botocore prefers it; else the chain.
    public static func auth(environment: [String: String], now: Date) throws -> BedrockAuth {
        if let token = environment["AWS_BEARER_TOKEN_BEDROCK"], !token.isEmpty { return .bearer(token) }
        return .sigV4(try CredentialsChain(sources: CredentialSources(environment: environment)).credentials(now: now))
    }
}
