import Foundation

/// How many tokens of the TPM quota one output token consumes, as AWS states it, with where that
/// was read. AWS's page "How tokens are counted in Amazon Bedrock" (read 2026-12-05, docs mirror
/// commit 076aa4d3) gives one rule for every model: "The burndown rate for Anthropic Claude models
/// version 3.7 and later is 5x for output tokens … For all other models, the burndown rate is 1:1".
/// A catalogue entry may state its own rate (with its source); otherwise this rule applies.
public enum QuotaBurndown {
    public static let source = "https://docs.aws.amazon.com/bedrock/latest/userguide/quotas-token-burndown.html"
    public static let readOn = "2026-12-05"

    /// The rate AWS's rule gives a model, and whether the rule is known to hold for it. Later
    /// versions of the page, quoted only by third parties so far, give 10x or 15x to Claude models
    /// after 4.7: for those the rule's 5x is marked unconfirmed.
    public static func documented(modelId: String) -> (rate: Double, confirmed: Bool) {
        guard let version = claudeVersion(modelId) else { return (1, true) }
        if version < (3, 7) { return (1, true) }
        return (5, version <= (4, 7))
    }

    /// A Claude model's version from its id: `anthropic.claude-sonnet-4-6` → (4, 6),
    /// `anthropic.claude-3-7-sonnet-20250219-v1:0` → (3, 7), `anthropic.claude-sonnet-4-20250514-v1:0`
    /// → (4, 0) (an eight-digit date is not a minor version). A profile id's geography prefix is ignored.
    static func claudeVersion(_ modelId: String) -> (Int, Int)? {
        guard let range = modelId.range(of: "anthropic.claude-") else { return nil }
        let parts = modelId[range.upperBound...].split(separator: "-")
        guard let majorIndex = parts.firstIndex(where: { $0.count <= 2 && Int($0) != nil }), let major = Int(parts[majorIndex]) else {
            return nil
        }
        let next = parts.index(after: majorIndex)
        if next < parts.endIndex, parts[next].count <= 2, let minor = Int(parts[next]) { return (major, minor) }
        return (major, 0)
    }
}
