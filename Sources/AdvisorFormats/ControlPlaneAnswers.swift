public import AdvisorCore
import Foundation

/// Answers `catalogue refresh` fetches itself, read as strictly as a user's file: each is named
/// (`ListFoundationModels (eu-west-1)`) in its errors. ListInferenceProfiles pages go through
/// InferenceProfileListReader, the same reader `catalogue import` uses.
public enum ControlPlaneAnswers {
    /// Bounds on what one answer may hold: a server cannot make advisor hold more.
    static let maximumModels = 10_000
    static let maximumQuotasPerPage = 1_000

    /// ListFoundationModels: `{"modelSummaries": [{"modelId", "modelLifecycle": {"status", "legacyTime"?,
    /// "publicExtendedAccessTime"?, "endOfLifeTime"?}}]}`. Times may come as ISO 8601 text or epoch
    /// seconds; they are kept as dates (`YYYY-MM-DD`, UTC).
    public static func foundationModels(_ bytes: [UInt8], name: String, region: String) throws(FormatError) -> [ListedModel] {
        let root = try StrictJSON.object(bytes, file: name)
        guard let summaries = root["modelSummaries"] as? [Any] else {
            throw FormatError(file: name, field: "modelSummaries", message: "is missing; expected ListFoundationModels' answer")
        }
        guard summaries.count <= maximumModels else {
            throw FormatError(file: name, field: "modelSummaries", message: "lists more than \(maximumModels) models; refused")
        }
        var models: [ListedModel] = []
        for (index, element) in summaries.enumerated() {
            let field = "modelSummaries[\(index)]"
            guard let summary = element as? [String: Any], let id = summary["modelId"] as? String, !id.isEmpty else {
                throw FormatError(file: name, field: field, message: "needs a modelId")
            }
            // A model without a lifecycle field is taken as AWS documents the default: ACTIVE.
            let lifecycle = summary["modelLifecycle"] as? [String: Any] ?? [:]
            let status = lifecycle["status"] as? String ?? "ACTIVE"
            guard ["ACTIVE", "LEGACY"].contains(status) else {
                throw FormatError(
                    file: name, field: "\(field).modelLifecycle.status",
                    message: "is '\(Sanitize.excerpt(status))'; expected ACTIVE or LEGACY")
            }
            func date(_ key: String) throws(FormatError) -> String? {
                guard let value = lifecycle[key] else { return nil }
                if let text = value as? String, let parsed = RFC3339.parseDateOrDateTime(text) { return RFC3339.dateString(parsed) }
                if let number = value as? NSNumber, !(value is Bool), number.doubleValue.isFinite,
                    abs(number.doubleValue) < 1e11
                {
                    return RFC3339.dateString(Date(timeIntervalSince1970: number.doubleValue))
                }
                throw FormatError(
                    file: name, field: "\(field).modelLifecycle.\(key)", message: "is not a time (ISO 8601 text or epoch seconds)")
            }
            models.append(
                ListedModel(
                    id: id, status: status, legacyFrom: try date("legacyTime"),
                    extendedAccessFrom: try date("publicExtendedAccessTime"), endOfLife: try date("endOfLifeTime"), region: region))
        }
        return models
    }

    /// One page of ListServiceQuotas (JSON 1.1): its quotas as they came, and the NextToken to ask
    /// for the next page with.
    public static func serviceQuotasPage(_ bytes: [UInt8], name: String) throws(FormatError) -> (
        quotas: [[String: Any]], nextToken: String?
    ) {
        let root = try StrictJSON.object(bytes, file: name)
        guard let quotas = root["Quotas"] as? [Any] else {
            throw FormatError(file: name, field: "Quotas", message: "is missing; expected ListServiceQuotas' answer")
        }
        guard quotas.count <= maximumQuotasPerPage else {
            throw FormatError(file: name, field: "Quotas", message: "holds more than \(maximumQuotasPerPage) quotas on one page; refused")
        }
        var objects: [[String: Any]] = []
        for (index, quota) in quotas.enumerated() {
            guard let object = quota as? [String: Any] else {
                throw FormatError(file: name, field: "Quotas[\(index)]", message: "is not an object")
            }
            objects.append(object)
        }
        let token = root["NextToken"] as? String
        return (objects, token?.isEmpty == false ? token : nil)
    }

    /// Every page's quotas as one `{"Quotas": […]}` document: what ServiceQuotasReader reads.
    public static func mergedQuotas(_ quotas: [[String: Any]]) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: ["Quotas": quotas], options: [.sortedKeys])) ?? Data("{\"Quotas\":[]}".utf8)
        return [UInt8](data)
    }
}
