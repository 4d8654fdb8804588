import AdvisorCore
import Foundation

/// Reads a file (or bytes already in memory) in fixed-size chunks and hands out whole records (up
/// to a record boundary), so memory stays bounded whatever the file's size. Also fingerprints what
/// it reads.
struct ChunkedFile {
    static let chunkSize = 4 << 20
    /// The longest record (line) a reader accepts: a file without newlines, such as /dev/zero, is
    /// refused here instead of filling memory.
    static let maximumRecord = 16 << 20

    /// Calls `body` with consecutive buffers that each end on a record boundary (the last may not,
    /// if the file does not end with a newline). `boundary` finds the end of the complete records.
    static func forEachChunk(
        _ input: ReaderInput, file: String,
        onBytes: (UnsafeBufferPointer<UInt8>) -> Void = { _ in },
        boundary: (UnsafeBufferPointer<UInt8>) -> Int,
        _ body: (UnsafeBufferPointer<UInt8>) throws(FormatError) -> Void
    ) throws(FormatError) {
        var handle: FileHandle?
        if case .file(let path) = input { handle = try openForReading(path, file: file) }
        defer { try? handle?.close() }
        var offset = 0
        var carry: [UInt8] = []
        var first = true
        while true {
            let data: Data
            switch input {
            case .file:
                do {
                    data = try handle?.read(upToCount: chunkSize) ?? Data()
                } catch {
                    throw FormatError(file: file, message: "cannot be read: \(error.localizedDescription)")
                }
            case .bytes(let bytes, _):
                let end = min(bytes.count, offset + chunkSize)
                data = Data(bytes[offset..<end])
                offset = end
            }
            let atEnd = data.isEmpty
            if !atEnd {
                data.withUnsafeBytes { raw in onBytes(raw.bindMemory(to: UInt8.self)) }
                carry.append(contentsOf: data)
                if first, carry.starts(with: BoundedFile.byteOrderMark) { carry.removeFirst(BoundedFile.byteOrderMark.count) }
                first = false
            }
            let consumed: Int = try carry.withUnsafeBufferPointer { (buffer) throws(FormatError) -> Int in
                let length = atEnd ? buffer.count : boundary(buffer)
                guard length > 0 else { return 0 }
                try body(UnsafeBufferPointer(rebasing: buffer[0..<length]))
                return length
            }
            if atEnd { return }
            carry.removeFirst(consumed)
            if carry.count > maximumRecord {
                throw FormatError(
                    file: file,
                    message: "has a line longer than \(maximumRecord >> 20) MiB (no line break found); "
                        + "expected one record per line")
            }
        }
    }

    /// A file opened for streaming, or an error naming it: a directory or an unreadable path.
    static func openForReading(_ path: String, file: String) throws(FormatError) -> FileHandle {
        FileHandle(fileDescriptor: try RegularFile.open(path, file: file), closeOnDealloc: true)
    }
}
