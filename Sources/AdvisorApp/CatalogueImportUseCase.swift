public import AdvisorCore
import AdvisorCrypto
import AdvisorFormats
public import Foundation

/// `catalogue import` and `catalogue validate`: list-inference-profiles answers read (grouped by
/// region, their origin named with each file's SHA-256), checked, and stored as a new catalogue
/// version built on the newest under the write lock.
public enum CatalogueImportUseCase {
    /// Reads list-inference-profiles files and describes their origin.
    public static func readListings(_ paths: [String], region: String?, catalogue: Catalogue) throws -> (
        listings: [RegionListing], origin: String
    ) {
        if let region { _ = try catalogue.resolveRegion(region, field: "--region") }
        try Digest.requireLibrary()  // the origin names each file's SHA-256
        var files: [(path: String, text: String)] = []
        var origin: [String] = []
        for path in paths {
            let data = try BoundedFile.bytes(path)
            files.append((path, try BoundedFile.decodeUTF8(data, file: path)))
            origin.append("\(path) (sha256 \(Digest.hex(Digest.sha256(data))))")
        }
        let listings = try InferenceProfileListReader.listings(files, region: region, knownRegions: Set(catalogue.regions.map(\.code)))
        return (listings, "list-inference-profiles: " + origin.joined(separator: "; "))
    }

    /// Stores the listings as a new version; returns the issues found, the listings, and the base and new catalogues.
    public static func run(
        _ paths: [String], region: String?, base: String?, name: String?, workspace: Workspace,
        now: Date
    ) throws -> (issues: [CatalogueIssue], listings: [RegionListing], derived: DerivedCatalogue) {
        let baseCatalogue = try workspace.catalogue(named: base)
        let (listings, origin) = try readListings(paths, region: region, catalogue: baseCatalogue)
        let issues = CatalogueValidation.check(listings, catalogue: baseCatalogue)
        let stamp = RFC3339.dateTimeString(now).replacingOccurrences(of: ":", with: "")
        // The base is read again under the write lock: another import may have landed meanwhile.
        let derived = try workspace.deriveCatalogue(base: base, name: name, defaultName: "aws-\(stamp)", origin: origin, now: now) {
            latest, chosenName in CatalogueImport.apply(listings, to: latest, name: chosenName)
        }
        return (issues, listings, derived)
    }

    /// `catalogue validate`: each file is a list-inference-profiles answer or a catalogue YAML.
    public static func validate(_ paths: [String], region: String?, catalogue: Catalogue) throws -> [CatalogueIssue] {
        var issues: [CatalogueIssue] = []
        var listingFiles: [String] = []
        for path in paths {
            let text = try BoundedFile.text(path)
            if text.first(where: { !$0.isWhitespace }) == "{" && text.contains("inferenceProfileSummaries") {
                listingFiles.append(path)
            } else {
                let own = try CatalogueReader.read(text, file: path)
                issues += CatalogueValidation.check(own, location: path)
            }
        }
        if !listingFiles.isEmpty {
            let (listings, _) = try readListings(listingFiles, region: region, catalogue: catalogue)
            issues += CatalogueValidation.check(listings, catalogue: catalogue)
        }
        return issues
    }
}
