public import AdvisorCore
import Foundation

/// CloudTrail records of Bedrock inference calls (bedrock-runtime, and bedrock-mantle data events), from the two shapes users have: the files CloudTrail
/// delivers to S3 (`{"Records": [ … ]}`, gzip or not) and what `aws cloudtrail lookup-events`
/// prints (`{"Events": [{"EventId", …, "CloudTrailEvent": "<the record as a JSON string>"}]}`).
/// Streams: memory stays flat whatever the file's size. Every other event is skipped.
public enum CloudTrailReader {
    public struct Summary: Sendable, Equatable {
        public var records = 0
        /// Bedrock inference calls kept (bedrock-runtime and bedrock-mantle).
        public var calls = 0
        /// Of those, bedrock-mantle's.
        public var mantleCalls = 0
        /// Records of a Bedrock event source advisor does not read, by source: counted and reported,
        /// never dropped silently (a gate that never saw them would pass them).
        public var unknownBedrockSources: [String: Int] = [:]

        public init(records: Int = 0, calls: Int = 0, mantleCalls: Int = 0, unknownBedrockSources: [String: Int] = [:]) {
            self.records = records
            self.calls = calls
            self.mantleCalls = mantleCalls
            self.unknownBedrockSources = unknownBedrockSources
        }
    }

    /// The event sources of Bedrock inference advisor reads.
    static let runtimeSource = "bedrock.amazonaws.com"
    static let mantleSource = "bedrock-mantle.amazonaws.com"
    static let maximumNamedSources = 20

    static let batchSize = 5_000

    /// Hands the file's Bedrock inference calls to `onBatch` a few thousand at a time. A malformed
    /// record fails the file, naming it and the record's index (1-based).
    /// `knownRegions`: the catalogue's Region codes; a record naming another (`eu-cenTral-1`,
    /// `../../etc/passwd`) is refused, since it would become a route no service matches.
    public static func read(
        _ input: ReaderInput, file: String, knownRegions: Set<String>,
        onBatch: ([ObservedCall]) throws -> Void
    ) throws -> Summary {
        var splitter = JSONArrayElements(keys: ["Records", "Events"], file: file)
        var summary = Summary()
        var batch: [ObservedCall] = []
        // lookup-events prints NextToken when more pages exist: the answer is not the whole period.
        try splitter.stream(input, missing: "call", pagination: "--no-paginate or --max-items") { element, index, key in
            summary.records = index
            guard
                let call = try call(
                    element, index: index, lookupEvents: key == "Events", file: file,
                    knownRegions: knownRegions, summary: &summary)
            else { return }
            batch.append(call)
            summary.calls += 1
            if call.endpoint == ObservedCall.mantle { summary.mantleCalls += 1 }
            if batch.count >= batchSize {
                try onBatch(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try onBatch(batch) }
        return summary
    }

    static func object(_ bytes: [UInt8], index: Int, file: String) throws(FormatError) -> [String: Any] {
        try StrictJSON.object(bytes, file: file, what: "record \(index)")
    }

    /// Where the call ran: `additionalEventData.inferenceRegion`, nil when CloudTrail gives none
    /// (the call ran in its source Region). additionalEventData arrives as an object or, from some
    /// pipelines, as a JSON string of one; anything else that cannot be read is an error, never
    /// "absent": read as absent, a call served abroad counted as served at home and passed the
    /// residency rule.
    static func servedRegion(_ data: Any?, index: Int, operation: String, file: String) throws(FormatError) -> String? {
        var data = data
        if let text = data as? String {
            data = try StrictJSON.parse(Array(text.utf8), file: file, what: "record \(index): additionalEventData")
        }
        guard let data, !(data is NSNull) else { return nil }
        guard let object = data as? [String: Any] else {
            throw FormatError(
                file: file, message: "record \(index) (\(operation)): additionalEventData is neither an object nor a JSON string of one")
        }
        guard let value = object["inferenceRegion"], !(value is NSNull) else { return nil }
        guard let text = value as? String, !text.isEmpty else {
            throw FormatError(
                file: file,
                message: "record \(index) (\(operation)): additionalEventData.inferenceRegion is not a Region code "
                    + "(found \(Sanitize.excerpt(String(describing: value)))); expected a string such as eu-west-1")
        }
        return text
    }

    /// One record, or nil when it is not a Bedrock inference call (a record of a Bedrock event
    /// source advisor does not read is counted in `summary`).
    static func call(
        _ bytes: [UInt8], index: Int, lookupEvents: Bool, file: String,
        knownRegions: Set<String>, summary: inout Summary
    ) throws(FormatError) -> ObservedCall? {
        var record = try object(bytes, index: index, file: file)
        if lookupEvents {
            guard let text = record["CloudTrailEvent"] as? String else {
                throw FormatError(file: file, message: "record \(index) (lookup-events) has no CloudTrailEvent string")
            }
            record = try object(Array(text.utf8), index: index, file: file)
        }
        let eventSource = record["eventSource"] as? String ?? ""
        let mantle = eventSource == mantleSource
        guard eventSource == runtimeSource || mantle else {
            if eventSource.lowercased().hasPrefix("bedrock") {
                // Named up to a bound: a file of a million invented sources must not make a million names.
                let name = Sanitize.excerpt(eventSource)
                let known = summary.unknownBedrockSources[name] != nil || summary.unknownBedrockSources.count < maximumNamedSources
                summary.unknownBedrockSources[known ? name : "other Bedrock event sources", default: 0] += 1
            }
            return nil
        }
        guard let operation = record["eventName"] as? String,
            (mantle ? ObservedCall.mantleOperations : ObservedCall.runtimeOperations).contains(operation)
        else { return nil }
        func field(_ name: String) throws(FormatError) -> String {
            guard let value = record[name] as? String, !value.isEmpty else {
                throw FormatError(file: file, message: "record \(index) (\(operation)) has no \(name); expected CloudTrail's record fields")
            }
            return value
        }
        func region(_ raw: String, _ name: String) throws(FormatError) -> String {
            let value = LocalZone.folded(raw, knownRegions: knownRegions)
            guard knownRegions.contains(value) else {
                throw FormatError(
                    file: file,
                    message: "record \(index) (\(operation)): \(name) '\(Sanitize.excerpt(value))' is not a Region "
                        + "the catalogue knows" + Suggest.hint(value, in: knownRegions.sorted()))
            }
            return value
        }
        let source = try region(try field("awsRegion"), "awsRegion")
        let time = try field("eventTime")
        guard RFC3339.parseDateOrDateTime(time) != nil else {
            throw FormatError(file: file, message: "record \(index): eventTime '\(Sanitize.excerpt(time))' is not an RFC 3339 date-time")
        }
        let parameters = record["requestParameters"] as? [String: Any]
        // bedrock-runtime names the model `modelId`; bedrock-mantle (OpenAI- and Anthropic-style APIs) `model`.
        let modelField = mantle ? "model" : "modelId"
        guard let modelId = parameters?[modelField] as? String, !modelId.isEmpty else {
            throw FormatError(file: file, message: "record \(index) (\(operation)) has no requestParameters.\(modelField)")
        }
        let served = try servedRegion(record["additionalEventData"], index: index, operation: operation, file: file)
            .map { (value) throws(FormatError) in try region(value, "additionalEventData.inferenceRegion") }
        let error = (record["errorCode"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let identity = record["userIdentity"] as? [String: Any]
        return ObservedCall(
            eventId: try field("eventID"), time: time, operation: operation, source: source,
            profile: ObservedCall.profileId(modelId), servedRegion: served ?? source,
            errorCode: error, requestId: record["requestID"] as? String,
            endpoint: mantle ? ObservedCall.mantle : ObservedCall.runtime,
            serviceTier: mantle ? parameters?["service_tier"] as? String : nil,
            bearerToken: mantle ? parameters?["callWithBearerToken"] as? Bool : nil,
            account: (record["recipientAccountId"] as? String).flatMap { $0.isEmpty ? nil : $0 },
            caller: ClientAgent.caller(arn: identity?["arn"] as? String, invokedBy: identity?["invokedBy"] as? String),
            client: ClientAgent.parse(record["userAgent"] as? String ?? ""))
    }
}
