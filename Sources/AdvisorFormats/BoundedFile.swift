public import AdvisorCore
import Foundation

/// Every file advisor reads is opened here: only a regular file, so its size is bounded and
/// reading it ends. A FIFO blocked `open` until a writer came (for ever, with none); /dev/zero or
/// an endless pipe never reached end of file. It is opened without blocking and checked on the
/// descriptor (not the path), so a FIFO swapped in after a check cannot block either.
public enum RegularFile {
    public static func open(_ path: String, file: String) throws(FormatError) -> Int32 {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            let code = errno
            throw FormatError(
                file: file,
                message: code == ENOENT
                    ? "does not exist"
                    : code == EISDIR ? "is a directory; expected a file" : "cannot be read: \(String(cString: strerror(code)))")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw FormatError(file: file, message: "cannot be read: \(reason)")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
            return descriptor
        case S_IFDIR:
            close(descriptor)
            throw FormatError(file: file, message: "is a directory; expected a file")
        default:
            close(descriptor)
            throw FormatError(
                file: file,
                message: "is not a regular file (a FIFO, device or socket); advisor reads files whose "
                    + "end it can reach: save the stream to a file first")
        }
    }
}

/// Whole files read with a bound, for the readers that need a document at once (JSON, YAML, summary
/// CSV): a directory, a device such as /dev/zero or an endless pipe gets an error naming the file
/// instead of unbounded memory. A leading UTF-8 byte order mark is dropped, as editors on Windows
/// write one and it is no part of the content.
public enum BoundedFile {
    /// Far above any real advisor.yaml, rule file, catalogue or AWS answer.
    public static let defaultLimit = 256 << 20

    public static func bytes(_ path: String, limit: Int = defaultLimit) throws(FormatError) -> [UInt8] {
        let descriptor = try RegularFile.open(path, file: path)
        defer { close(descriptor) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FormatError(file: path, message: "cannot be read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
            if result.count > limit {
                throw FormatError(file: path, message: "is larger than \(limit >> 20) MiB, the most advisor reads of a file of this kind")
            }
        }
        if result.starts(with: byteOrderMark) { result.removeFirst(byteOrderMark.count) }
        return result
    }

    /// The file as text. Invalid UTF-8 is an error naming the line, not silently replaced.
    public static func text(_ path: String, limit: Int = defaultLimit) throws(FormatError) -> String {
        let data = try bytes(path, limit: limit)
        return try decodeUTF8(data, file: path)
    }

    public static func decodeUTF8(_ data: [UInt8], file: String) throws(FormatError) -> String {
        if let text = String(validating: data, as: UTF8.self) {
            return text
        }
        var line = 1
        for slice in data.split(separator: 10, omittingEmptySubsequences: false) {
            if String(validating: slice, as: UTF8.self) == nil { break }
            line += 1
        }
        throw FormatError(file: file, line: line, message: "is not valid UTF-8 text")
    }

    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
}
