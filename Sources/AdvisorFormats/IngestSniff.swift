import Foundation

/// What the first bytes of a file to ingest say before any reader runs, for `ingest` without
/// `--format` or `--dataset`: a summary CSV names its dataset in a `# dataset:` line, and a
/// CloudTrail file (S3 delivery, gzip or not, or lookup-events output) is an object of "Records"
/// or "Events".
public enum IngestSniff {
    public static func head(_ path: String, bytes: Int = 4096) -> [UInt8] {
        guard let descriptor = try? RegularFile.open(path, file: path) else { return [] }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: bytes)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        return count > 0 ? Array(buffer[0..<count]) : []
    }

    /// The name after `# dataset:` in the file's leading comment lines.
    public static func declaredDataset(_ head: [UInt8]) -> String? {
        let text = String(decoding: head, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(20) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("#") else { return nil }
            let body = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
            if body.lowercased().hasPrefix("dataset:") {
                let name = body.dropFirst("dataset:".count).trimmingCharacters(in: .whitespaces)
                return name.isEmpty ? nil : name
            }
        }
        return nil
    }

    /// A CloudTrail file: gzip (CloudTrail's S3 delivery), or JSON whose first key is Records or Events.
    public static func looksLikeCloudTrail(_ head: [UInt8]) -> Bool {
        if head.starts(with: [0x1F, 0x8B]) { return true }
        var bytes = head[...]
        if bytes.starts(with: BoundedFile.byteOrderMark) { bytes = bytes.dropFirst(BoundedFile.byteOrderMark.count) }
        let text = String(decoding: bytes, as: UTF8.self).drop { $0.isWhitespace }
        guard text.first == "{" else { return false }
        let afterBrace = text.dropFirst().drop { $0.isWhitespace }
        return afterBrace.hasPrefix("\"Records\"") || afterBrace.hasPrefix("\"Events\"")
    }
}
