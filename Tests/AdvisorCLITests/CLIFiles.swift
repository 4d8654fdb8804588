import AdvisorTestSupport
import Foundation

/// Files and records the command-line tests write, and a FIFO reader that cannot hang a test.
enum CLIFiles {
    static func write(_ text: String, _ name: String, in home: TemporaryDirectory) throws -> String {
        let path = home.path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func fileType(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    /// Reads a FIFO on a thread until its writer closes it, or for at most 20 s: a regression that
    /// replaces the FIFO instead of writing to it must fail the test, not hang it.
    final class FIFOReader: @unchecked Sendable {
        // @unchecked: `bytes` is written by the thread only, and read after `done` is signalled.
        private var bytes: [UInt8] = []
        private let done = DispatchSemaphore(value: 0)

        init(_ path: String) throws {
            let descriptor = open(path, O_RDONLY | O_NONBLOCK)  // succeeds at once, writer or not
            guard descriptor >= 0 else { throw CocoaError(.fileReadUnknown) }
            Thread { [self] in
                defer { close(descriptor); done.signal() }
                var sawWriter = false
                var buffer = [UInt8](repeating: 0, count: 65_536)
                for _ in 0..<2_000 {
                    var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                    _ = poll(&poller, 1, 10)
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count > 0 { bytes += buffer[0..<count]; sawWriter = true; continue }
                    if count == 0, sawWriter { return }  // the writer closed it
                }
            }.start()
        }

        func finish() -> String {
            done.wait()
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    static func trailRecord(_ id: String, source: String = "eu-central-1", extra: String) -> String {
        """
        {"eventTime": "2026-11-20T09:00:01Z", "eventSource": "bedrock.amazonaws.com", "eventName": "Converse",
         "awsRegion": "\(source)", "requestParameters": {"modelId": "eu.anthropic.claude-sonnet-4-6"}, "eventID": "\(id)"\(extra)}
        """
    }

    static func utcMinute(_ seconds: Int) -> String {
        var time = time_t(seconds), parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:00Z", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min)
    }
}
