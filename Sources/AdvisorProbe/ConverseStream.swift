public import AdvisorCore
import Foundation

/// A ConverseStream event, decoded from an event-stream frame.
public enum ConverseStreamEvent: Sendable, Equatable {
    case messageStart(role: String)
    case contentBlockStart(index: Int)
    /// Text deltas carry their text; other deltas (tool input, reasoning) are marked as such.
    case contentBlockDelta(index: Int, text: String?)
    case contentBlockStop(index: Int)
    case messageStop(stopReason: String)
    case metadata(inputTokens: Int?, outputTokens: Int?, totalTokens: Int?, latencyMs: Int?)
    /// An event type this probe does not know: kept, not fatal (the API grows).
    case unknown(type: String)

    /// Maps a frame: an `event` to its event, an `exception` or `error` to the typed error it carries.
    public static func decode(_ message: EventStreamMessage) throws(ConverseStreamError) -> ConverseStreamEvent {
        switch message.string(":message-type") {
        case "event":
            break
        case "exception":
            let json = (try? JSONSerialization.jsonObject(with: Data(message.payload))) as? [String: Any] ?? [:]
            let name = message.string(":exception-type") ?? "unknownException"
            // The header is the camelCase union member (`throttlingException`); the error code is the shape name.
            let code = name.prefix(1).uppercased() + name.dropFirst()
            throw .bedrock(
                BedrockError(
                    code: code, message: json["message"] as? String ?? json["Message"] as? String ?? "",
                    inStream: true))
        case "error":
            throw .bedrock(
                BedrockError(
                    code: message.string(":error-code") ?? "UnknownError",
                    message: message.string(":error-message") ?? "", inStream: true))
        default:
            throw .malformed("a frame without a known :message-type")
        }
        let type = message.string(":event-type") ?? ""
        guard let json = (try? JSONSerialization.jsonObject(with: Data(message.payload))) as? [String: Any] else {
            throw .malformed("the \(type) payload is not a JSON object")
        }
        func int(_ value: Any?) -> Int? { (value as? NSNumber)?.intValue }
        switch type {
        case "messageStart":
            return .messageStart(role: json["role"] as? String ?? "")
        case "contentBlockStart":
            return .contentBlockStart(index: int(json["contentBlockIndex"]) ?? 0)
        case "contentBlockDelta":
            let delta = json["delta"] as? [String: Any]
            return .contentBlockDelta(index: int(json["contentBlockIndex"]) ?? 0, text: delta?["text"] as? String)
        case "contentBlockStop":
            return .contentBlockStop(index: int(json["contentBlockIndex"]) ?? 0)
        case "messageStop":
            return .messageStop(stopReason: json["stopReason"] as? String ?? "")
        case "metadata":
            let usage = json["usage"] as? [String: Any], metrics = json["metrics"] as? [String: Any]
            return .metadata(
                inputTokens: int(usage?["inputTokens"]), outputTokens: int(usage?["outputTokens"]),
                totalTokens: int(usage?["totalTokens"]), latencyMs: int(metrics?["latencyMs"]))
        default:
            return .unknown(type: type)
        }
    }
}

public enum ConverseStreamError: AdvisorError, Sendable, Equatable {
    public var failureKind: FailureKind { .runtime }
    case bedrock(BedrockError)
    case frame(EventStreamError)
    case malformed(String)

    public var description: String {
        switch self {
        case .bedrock(let error): return error.description
        case .frame(let error): return "event stream: \(error)"
        case .malformed(let detail): return "ConverseStream: \(detail)"
        }
    }
}

/// Bytes in, events out: the event-stream decoder and the event mapping, for a curl write callback.
public struct ConverseStreamReader: Sendable {
    private var decoder = EventStreamDecoder()

    public init() {}

    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(ConverseStreamError) -> [ConverseStreamEvent] {
        let messages: [EventStreamMessage]
        do { messages = try decoder.feed(bytes) } catch { throw .frame(error) }
        var events: [ConverseStreamEvent] = []
        for message in messages { events.append(try ConverseStreamEvent.decode(message)) }
        return events
    }

    public func finish() throws(ConverseStreamError) {
        do { try decoder.finish() } catch { throw .frame(error) }
    }
}
