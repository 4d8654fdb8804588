/// The text Bedrock answers with when a model identifier cannot be called from a region, as the
/// catalogue predicts it (the probe's BedrockError is the error a live call actually returned).
public enum BedrockRefusal {
    public static let profileNotCallable = "ValidationException: The provided model identifier is invalid."

    public static func onDemandNotSupported(model: String) -> String {
        "ValidationException: Invocation of model ID \(model) with on-demand throughput isn't supported. "
            + "Retry your request with the ID or ARN of an inference profile that contains this model."
    }
}
