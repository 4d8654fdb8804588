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
