public import AdvisorCore
import Foundation

/// `aws service-quotas list-service-quotas --service-code bedrock` output: `{"Quotas": [{"QuotaName",
/// "QuotaCode", "QuotaArn", "Value", …}]}`. Each quota is matched to what it limits by its name's
/// words (QuotaName); the ones that cannot be matched are returned by name, never dropped silently.
/// The Region is the one in `QuotaArn` (`arn:aws:servicequotas:REGION:…`), else the caller's.
public enum ServiceQuotasReader {
    public struct Result: Sendable, Equatable {
        public var quotas: [ImportedQuota] = []
        public var unmatched: [String] = []
    }

    public static func read(_ path: String, region fallback: String?, catalogue: Catalogue) throws(FormatError) -> Result {
        let bytes = try BoundedFile.bytes(path)
        let parsed = try StrictJSON.parse(bytes, file: path)
        guard let object = parsed as? [String: Any], let list = object["Quotas"] as? [[String: Any]] else {
            throw FormatError(file: path, message: "has no Quotas array; expected `aws service-quotas list-service-quotas --service-code bedrock` output")
        }
        var result = Result()
        for (index, entry) in list.enumerated() {
            let label = "quota \(index + 1)"
            guard let name = entry["QuotaName"] as? String, let code = entry["QuotaCode"] as? String else {
                throw FormatError(file: path, message: "\(label) has no QuotaName or QuotaCode")
            }
            if let service = entry["ServiceCode"] as? String, service != "bedrock" {
                throw FormatError(file: path, message: "\(label) (\(Sanitize.excerpt(code))) is of service \(Sanitize.excerpt(service)); expected bedrock")
            }
            guard let value = jsonNumber(entry["Value"])?.doubleValue, value.isFinite, value >= 0, value <= 1e12 else {
                throw FormatError(file: path, message: "\(label) (\(Sanitize.excerpt(code))) needs a numeric Value from 0 to 1e12")
            }
            let arnRegion = (entry["QuotaArn"] as? String)?.split(separator: ":", omittingEmptySubsequences: false).dropFirst(3).first.map(String.init)
            guard let region = arnRegion.flatMap({ $0.isEmpty ? nil : $0 }) ?? fallback else {
                throw FormatError(file: path, message: "\(label) (\(Sanitize.excerpt(code))) has no Region in its QuotaArn; give --source")
            }
            guard catalogue.region(region) != nil else {
                throw FormatError(file: path, message: "\(label) (\(Sanitize.excerpt(code))): Region '\(Sanitize.excerpt(region))' is not one the catalogue knows"
                                    + Suggest.hint(region, in: catalogue.regions.map(\.code)))
            }
            guard let meaning = QuotaName.meaning(of: name, catalogue: catalogue) else {
                result.unmatched.append("\(code) \(name)")
                continue
            }
            result.quotas.append(ImportedQuota(region: region, model: meaning.model, scope: meaning.scope, kind: meaning.kind,
                                               per: meaning.per, value: value, code: code, name: name))
        }
        return result
    }
}
