public import AdvisorCore
import Foundation

/// `aws service-quotas list-service-quotas --service-code bedrock` output: `{"Quotas": [{"QuotaName",
/// "QuotaCode", "QuotaArn", "Value", …}]}`. Each quota is matched to what it limits by its name's
/// words (QuotaName); the ones that cannot be matched are returned by name, never dropped silently.
/// The Region is the one in `QuotaArn` (`arn:aws:servicequotas:REGION:…`), else the caller's.
public enum ServiceQuotasReader {
    public struct Result: Sendable, Equatable {
        public var matched = 0
        /// The first `shownUnmatched` quotas whose names say nothing advisor uses, and how many there were.
        public var unmatched: [String] = []
        public var unmatchedCount = 0
    }

    static let shownUnmatched = 50

    /// Streams the answer a quota at a time (memory holds one quota, not the document) and hands
    /// each matched quota to `onQuota`; a problem anywhere fails the file.
    public static func read(
        _ input: ReaderInput, region fallback: String?, catalogue: Catalogue,
        onQuota: (ImportedQuota) throws -> Void
    ) throws -> Result {
        let path = input.name
        var splitter = JSONArrayElements(
            keys: ["Quotas"], file: path, elementName: "quota",
            expected: "`aws service-quotas list-service-quotas --service-code bedrock` output ({\"Quotas\": […]})")
        var result = Result()
        try splitter.stream(input, missing: "quota") { element, index, _ in
            let entry = try StrictJSON.object(element, file: path, what: "quota \(index)")
            guard let quota = try quota(entry, label: "quota \(index)", path: path, fallback: fallback, catalogue: catalogue) else {
                if result.unmatched.count < shownUnmatched {
                    result.unmatched.append("\(entry["QuotaCode"] as? String ?? "") \(entry["QuotaName"] as? String ?? "")")
                }
                result.unmatchedCount += 1
                return
            }
            result.matched += 1
            try onQuota(quota)
        }
        return result
    }

    /// One quota, or nil when its name does not say what it limits.
    static func quota(
        _ entry: [String: Any], label: String, path: String, fallback: String?,
        catalogue: Catalogue
    ) throws(FormatError) -> ImportedQuota? {
        guard let name = entry["QuotaName"] as? String, let code = entry["QuotaCode"] as? String else {
            throw FormatError(file: path, message: "\(label) has no QuotaName or QuotaCode")
        }
        if let service = entry["ServiceCode"] as? String, service != "bedrock" {
            throw FormatError(
                file: path, message: "\(label) (\(Sanitize.excerpt(code))) is of service \(Sanitize.excerpt(service)); expected bedrock")
        }
        guard let value = jsonNumber(entry["Value"])?.doubleValue, value.isFinite, value >= 0, value <= 1e12 else {
            throw FormatError(file: path, message: "\(label) (\(Sanitize.excerpt(code))) needs a numeric Value from 0 to 1e12")
        }
        let arnRegion = (entry["QuotaArn"] as? String)?.split(separator: ":", omittingEmptySubsequences: false).dropFirst(3).first.map(
            String.init)
        guard let region = arnRegion.flatMap({ $0.isEmpty ? nil : $0 }) ?? fallback else {
            throw FormatError(file: path, message: "\(label) (\(Sanitize.excerpt(code))) has no Region in its QuotaArn; give --source")
        }
        guard catalogue.region(region) != nil else {
            throw FormatError(
                file: path,
                message: "\(label) (\(Sanitize.excerpt(code))): Region '\(Sanitize.excerpt(region))' is not one the catalogue knows"
                    + Suggest.hint(region, in: catalogue.regions.map(\.code)))
        }
        guard let meaning = QuotaName.meaning(of: name, catalogue: catalogue) else { return nil }
        return ImportedQuota(
            region: region, model: meaning.model, scope: meaning.scope, kind: meaning.kind,
            per: meaning.per, value: value, code: code, name: name)
    }
}
