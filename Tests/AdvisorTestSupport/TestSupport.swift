public import Foundation

/// Paths and helpers shared by the test targets.
public enum Repo {
    /// The repository root, found from this file's location (tests run from any directory).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func file(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    public static func text(_ relative: String) throws -> String {
        try String(contentsOf: file(relative), encoding: .utf8)
    }
}

/// The team's shared folder beside the repository (`../shared`): test vectors and source documents
/// that no one here wrote. Read in place, never copied; tests that need it are skipped with a
/// visible message when it is absent (a user's fresh clone).
public enum Shared {
    public static let root: URL = Repo.root.deletingLastPathComponent().appendingPathComponent("shared")
    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("docs/design.md").path)
    }
    public static let skipMessage = "../shared is absent (a fresh clone outside the team's workspace): skipped"

    public static func file(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    public static func text(_ relative: String) throws -> String {
        try String(contentsOf: file(relative), encoding: .utf8)
    }

    /// The first file in `directory` whose name starts with `prefix`.
    public static func file(in directory: String, prefix: String) throws -> URL {
        let names = try FileManager.default.contentsOfDirectory(atPath: file(directory).path).sorted()
        guard let name = names.first(where: { $0.hasPrefix(prefix) }) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return file(directory).appendingPathComponent(name)
    }
}

/// A fresh temporary directory, removed when the value is released by `remove()`.
public struct TemporaryDirectory {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    public func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Golden files under Fixtures/expected/. `RECORD_GOLDEN=1 swift test` rewrites them; otherwise a
/// mismatch returns a readable diff.
public enum Golden {
    public static func check(_ actual: String, named name: String) throws -> String? {
        let url = Repo.file("Fixtures/expected/\(name)")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return nil
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return "golden file Fixtures/expected/\(name) is missing; run RECORD_GOLDEN=1 swift test to create it"
        }
        guard expected != actual else { return nil }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let e = index < expectedLines.count ? String(expectedLines[index]) : "<end of file>"
            let a = index < actualLines.count ? String(actualLines[index]) : "<end of file>"
            if e != a {
                return "Fixtures/expected/\(name) differs at line \(index + 1):\n  expected: \(e)\n  actual:   \(a)\n"
                    + "(RECORD_GOLDEN=1 swift test re-records after a deliberate change)"
            }
        }
        return "Fixtures/expected/\(name) differs"
    }
}

/// Sha-free fingerprint of a file's bytes, to prove a command left it untouched.
public func fileBytes(_ path: String) -> Data? {
    FileManager.default.contents(atPath: path)
}

/// A real small file system for full-disk tests: a tmpfs of `size` (`1m`, `8m`) mounted at `path`
/// while the value lives. nil where the machine will not mount one (not root): the caller then
/// says it skipped, or falls back to ADVISOR_STORE_MAX_BYTES.
public final class SmallDisk {
    public let path: String

    public init?(at path: String, size: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let mount = try Subprocess.python([
            "-c",
            "import subprocess,sys; sys.exit(subprocess.call(['mount','-t','tmpfs','-o','size=' + sys.argv[2],'tmpfs',sys.argv[1]], stderr=subprocess.DEVNULL))",
            path, size,
        ])
        guard mount.code == 0 else { return nil }
        self.path = path
    }

    deinit {
        _ = try? Subprocess.python(["-c", "import subprocess,sys; subprocess.call(['umount',sys.argv[1]])", path])
    }
}
