/// Which quotas bedrock-runtime enforces. AWS's page "Quotas for the bedrock-runtime endpoint"
/// (read 2026-12-05) lists per-model token quotas only (cross-Region and on-demand tokens per
/// minute, tokens per day); earlier versions said RPM was no longer enforced, a later one "for some
/// models, requests-per-minute (RPM) quotas". No AWS page says which models. So advisor plans and
/// checks requests per minute only against an RPM quota the config or the account's imported
/// quotas state; a model without one gets no RPM plan and no RPM finding.
public enum RuntimeQuotaKinds {
    public static let source = "https://docs.aws.amazon.com/bedrock/latest/userguide/quotas-runtime.html"
    public static let readOn = "2026-12-05"

    public static let rpmFact = CatalogueFact(
        subject: "every model", fact: "requests-per-minute quota",
        value: "only some models have one, and AWS does not say which: RPM is checked only where the config or the account states a quota",
        source: source, readOn: readOn)

    /// Said under a capacity table where a quota has no RPM limit.
    public static let rpmNote =
        "no requests-per-minute quota is stated for it (in the config or the account's quotas), so no RPM is planned "
        + "or checked: bedrock-runtime enforces tokens per minute for every model and RPM only for some (\(source), read \(readOn))."
}

/// bedrock-mantle's quotas, from AWS's page "Quotas for the bedrock-mantle endpoint" (read
/// 2026-12-05, docs mirror commit 4f2c59c0): per model and Region, input tokens per minute and
/// output tokens per minute, apart from bedrock-runtime's; no RPM quota; admission checks input +
/// max_tokens (the model's maximum when unset) against the input quota, and generation stops when
/// the output quota is reached; cached reads do not count; increases go through AWS Support, not
/// Service Quotas. advisor applies no burndown to them (the page states none).
public enum MantleQuotas {
    public static let source = "https://docs.aws.amazon.com/bedrock/latest/userguide/quotas-mantle.html"
    public static let readOn = "2026-12-05"

    public static let fact = CatalogueFact(
        subject: "bedrock-mantle", fact: "quotas",
        value: "input and output tokens per minute per model, no RPM; admission counts input + max_tokens; increases through AWS Support",
        source: source, readOn: readOn)
}
