public import AdvisorCore
public import AdvisorFormats
public import AdvisorStore

/// What an evidence format is given besides its files: the flags `ingest` passes on.
public struct EvidenceRequest: Sendable {
    /// `--source`, resolved to a Region code.
    public var source: String?
    /// `--queries` (CloudWatch's query file).
    public var queries: String?
    public var catalogue: Catalogue

    public init(source: String?, queries: String?, catalogue: Catalogue) {
        self.source = source
        self.queries = queries
        self.catalogue = catalogue
    }
}

/// What one file of evidence added, said in the format's own words.
public struct EvidenceFileSummary: Sendable, Equatable {
    public var path: String
    /// One line: what was read and stored.
    public var headline: String
    /// Lines under it: what was kept out, and why.
    public var notes: [String]
}

/// How `--source` relates to a format.
public enum SourceUse: Sendable {
    case required(why: String), optional, refused
}

/// One kind of account evidence: its reader, run on a file, with what it yields handed to the store.
/// A new kind is this adapter, its reader in AdvisorFormats, its table's writer in EvidenceWriter
/// and its migration: `ingest --format` and its flag checks come from `EvidenceFormats.all`.
public protocol EvidenceFormat: Sendable {
    /// The `--format` name.
    var name: String { get }
    var source: SourceUse { get }
    var takesQueries: Bool { get }
    func ingest(_ input: ReaderInput, _ request: EvidenceRequest, into store: EvidenceWriter) throws -> EvidenceFileSummary
}

extension EvidenceFormat {
    public var takesQueries: Bool { false }
}

public enum EvidenceFormats {
    /// Every evidence format, in the order `--help` lists them.
    public static let all: [any EvidenceFormat] = [CloudTrailEvidence(), AthenaEvidence(), CloudWatchEvidence(), ServiceQuotasEvidence()]

    public static func named(_ name: String) -> (any EvidenceFormat)? { all.first { $0.name == name } }

    /// Ingests evidence files in one transaction: a problem in any file leaves the store as it was.
    public static func ingest(
        _ paths: [String], format: any EvidenceFormat, request: EvidenceRequest,
        workspace: Workspace
    ) throws(StoreError) -> [EvidenceFileSummary] {
        try workspace.store.addEvidence { writer in try paths.map { try format.ingest(.file($0), request, into: writer) } }
    }
}
