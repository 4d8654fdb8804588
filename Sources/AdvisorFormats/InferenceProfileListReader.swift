public import AdvisorCore

/// Reads what `aws bedrock list-inference-profiles --region R` prints (one page or the CLI's
/// merged list). Errors name the file and the JSON path. The service model's length and pattern
/// constraints are not enforced: real answers break them (six EU destinations; names with dots).
public enum InferenceProfileListReader {
    public struct Page: Sendable {
        public var file: String
        public var profiles: [ListedProfile]
        /// Regions named by the profiles' own ARNs: the region the listing was made in.
        public var arnRegions: Set<String>
        public var nextToken: String?
    }

    public static func read(_ text: String, file: String, knownRegions: Set<String>) throws(FormatError) -> Page {
        guard text.first(where: { !$0.isWhitespace }) == "{" else {
            throw FormatError(
                file: file, line: 1,
                message: "is not JSON; expected the output of "
                    + "`aws bedrock list-inference-profiles --output json`")
        }
        let root = try YAMLCursor.parse(text, file: file)
        let top = try root.lenientMapping()
        guard let summaries = top.optional("inferenceProfileSummaries") else {
            let keys = top.entries.map(\.0)
            let hint = keys.contains("modelSummaries") ? " (this looks like `aws bedrock list-foundation-models` output)" : ""
            throw FormatError(
                file: file, line: root.line, column: root.column,
                message: "has no inferenceProfileSummaries\(hint); found keys: \(keys.joined(separator: ", "))")
        }
        var profiles: [ListedProfile] = []
        var arnRegions: Set<String> = []
        for item in try summaries.list() {
            let fields = try item.lenientMapping()
            let id = try fields.required("inferenceProfileId").string()
            let arnCursor = try fields.required("inferenceProfileArn")
            let arn = try ARN.parse(try arnCursor.string(), at: arnCursor)
            guard arn.resource == "inference-profile" || arn.resource == "application-inference-profile" else {
                throw arnCursor.error("expected an inference-profile ARN, found a \(arn.resource) ARN")
            }
            guard let region = arn.region else { throw arnCursor.error("the profile ARN has no region") }
            try checkRegion(region, knownRegions, at: arnCursor)
            arnRegions.insert(region)
            let typeCursor = try fields.required("type")
            guard let kind = ListedProfile.Kind(rawValue: try typeCursor.string()) else {
                throw typeCursor.error("expected SYSTEM_DEFINED or APPLICATION, found '\(try typeCursor.string())'")
            }
            var models: [ModelARN] = []
            for modelItem in try fields.required("models").list() {
                let modelCursor = try modelItem.lenientMapping().required("modelArn")
                let modelARN = try ARN.parse(try modelCursor.string(), at: modelCursor)
                guard modelARN.resource == "foundation-model" else {
                    throw modelCursor.error("expected a foundation-model ARN, found a \(modelARN.resource) ARN")
                }
                if let modelRegion = modelARN.region { try checkRegion(modelRegion, knownRegions, at: modelCursor) }
                models.append(ModelARN(region: modelARN.region, model: modelARN.name))
            }
            guard !models.isEmpty else { throw item.error("lists no models") }
            profiles.append(
                ListedProfile(
                    id: id, arn: arn.text, kind: kind, status: try fields.required("status").string(),
                    models: models, location: "\(file): \(item.path)"))
        }
        return Page(
            file: file, profiles: profiles, arnRegions: arnRegions,
            nextToken: try top.optional("nextToken")?.string())
    }

    static func checkRegion(_ region: String, _ known: Set<String>, at cursor: YAMLCursor) throws(FormatError) {
        guard known.contains(region) else {
            throw cursor.error(
                "unknown region '\(region)'" + Suggest.hint(region, in: Array(known))
                    + "; add it to the catalogue's regions if AWS opened it")
        }
    }
}

/// `arn:PARTITION:bedrock:REGION:ACCOUNT:RESOURCE/NAME`. Model names contain colons
/// (`amazon.nova-2-lite-v1:0`), so only the first five separate fields.
struct ARN {
    var text: String
    var partition: String
    var region: String?
    var account: String
    var resource: String
    var name: String

    static func parse(_ text: String, at cursor: YAMLCursor) throws(FormatError) -> ARN {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, parts[2] == "bedrock",
            let slash = parts[5].firstIndex(of: "/")
        else {
            throw cursor.error("'\(text)' is not a Bedrock ARN (arn:aws:bedrock:REGION:ACCOUNT:TYPE/ID)")
        }
        let resource = String(parts[5][..<slash]), name = String(parts[5][parts[5].index(after: slash)...])
        guard !resource.isEmpty, !name.isEmpty else {
            throw cursor.error("'\(text)' is not a Bedrock ARN (arn:aws:bedrock:REGION:ACCOUNT:TYPE/ID)")
        }
        return ARN(
            text: text, partition: parts[1], region: parts[3].isEmpty ? nil : parts[3], account: parts[4],
            resource: resource, name: name)
    }
}

extension InferenceProfileListReader {
    /// Reads several answers and groups their pages by the region they were listed in: `region`
    /// when given, else the single region their profile ARNs name.
    public static func listings(
        _ files: [(path: String, text: String)], region: String?,
        knownRegions: Set<String>
    ) throws(FormatError) -> [RegionListing] {
        var byRegion: [String: RegionListing] = [:]
        var order: [String] = []
        // A Region's listing is authoritative (what it omits is no longer callable), so it must be
        // whole: some page of it must be the last, without a nextToken.
        var lastPageSeen: Set<String> = []
        var pendingToken: [String: (file: String, token: String)] = [:]
        for file in files {
            let page = try read(file.text, file: file.path, knownRegions: knownRegions)
            let listedIn: String
            if let region {
                listedIn = region
            } else if page.arnRegions.count == 1 {
                listedIn = page.arnRegions.first!
            } else {
                throw FormatError(
                    file: file.path,
                    message: page.arnRegions.isEmpty
                        ? "lists no profiles, so its region is unknown; pass --region"
                        : "its ARNs name several regions (\(page.arnRegions.sorted().joined(separator: ", "))); pass --region")
            }
            if byRegion[listedIn] == nil {
                byRegion[listedIn] = RegionListing(region: listedIn, profiles: [], files: [])
                order.append(listedIn)
            }
            byRegion[listedIn]!.profiles += page.profiles
            byRegion[listedIn]!.files.append(file.path)
            if let token = page.nextToken, !token.isEmpty {
                pendingToken[listedIn] = (file.path, token)
            } else {
                lastPageSeen.insert(listedIn)
            }
        }
        for region in order where !lastPageSeen.contains(region) {
            let (file, token) = pendingToken[region]!
            throw FormatError(
                file: file, field: "nextToken",
                message: "the listing of \(region) is incomplete: this page ends with nextToken '\(Sanitize.excerpt(token))' "
                    + "and no page of \(region) without one was given; pass every page (or list without --no-paginate), "
                    + "since what a Region's listing omits is taken as no longer callable")
        }
        return order.map { byRegion[$0]! }
    }
}
