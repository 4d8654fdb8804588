import AdvisorTestSupport
import Foundation
import Testing

/// Nothing the user has is destroyed or lost: `--out` never replaces what is not a regular file,
/// read commands never create a store, concurrent writers keep each other's changes, a full disk
/// leaves the store whole.
/// Each test failed on the build before the work that added it (ADVISOR_TEST_BINARY=PATH runs them against another build).
struct DataSafetyTests {
    @Test func outNeverRenamesOverALinkAFIFOOrADirectory() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        // A symbolic link to a regular file: the file gets the report, the link stays a link.
        let target = try CLIFiles.write("old", "target.md", in: home)
        let link = home.path("link.md")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let viaLink = try Advisor.run(["report", "--out", link], home: home)
        #expect(viaLink.code == 0, "\(viaLink.stderr)")
        #expect(CLIFiles.fileType(link) == S_IFLNK)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("# "))

        // A FIFO is written through (a reader gets the text), never replaced by a regular file.
        let fifo = home.path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = try CLIFiles.FIFOReader(fifo)
        let viaFIFO = try Advisor.run(["report", "--out", fifo], home: home)
        let read = reader.finish()
        #expect(viaFIFO.code == 0, "\(viaFIFO.stderr)")
        #expect(CLIFiles.fileType(fifo) == S_IFIFO)
        #expect(read.hasPrefix("# "))

        // A character device (/dev/null's kind) is written through too; /dev/null itself is left
        // alone here, since a regression would delete it on the machine running the tests.
        let viaDevice = try Advisor.run(["report", "--out", "/dev/stdout"], home: home)
        #expect(viaDevice.code == 0, "\(viaDevice.stderr)")
        #expect(viaDevice.stdout.hasPrefix("# "))

        // A directory is the user's mistake, in a sentence; `-` is standard output.
        let directory = home.path("reports")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let toDirectory = try Advisor.run(["export", "--dataset", "seed-lab-2026-04", "--out", directory], home: home)
        #expect(toDirectory.code == 2)
        #expect(toDirectory.stderr.contains("is a directory"), "\(toDirectory.stderr)")
        #expect(!toDirectory.stderr.contains("NSCocoaErrorDomain"))
        let dash = try Advisor.run(["report", "--out", "-"], home: home)
        #expect(dash.code == 0)
        #expect(dash.stdout.hasPrefix("# "))
        #expect(!FileManager.default.fileExists(atPath: home.path("-")))
    }

    /// A misspelt `--db` on a read command must not answer from a fresh, empty store.
    @Test func aReadCommandNeverCreatesTheStoreTheUserNamed() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let misspelt = home.path("team-stroe/advisor.sqlite")
        for arguments in [["datasets"], ["check", "--config", Repo.file("Fixtures/configs/clean.yaml").path], ["routes"]] {
            let result = try Advisor.run(arguments + ["--db", misspelt], home: home)
            #expect(result.code == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("--db \(misspelt): no store there"), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: home.path("team-stroe")))
        // A writing command creates it, as before.
        let csv = try CLIFiles.write("source_region,profile,ttfb_ms,total_ms,status\neu-central-1,eu.m,1,2,ok\n", "a.csv", in: home)
        #expect(try Advisor.run(["ingest", csv, "--dataset", "a", "--db", misspelt], home: home).code == 0)
        #expect(try Advisor.run(["datasets", "--db", misspelt], home: home).code == 0)
    }

    /// Imports of different Regions at once: each builds on the others, none is lost, and two in
    /// the same second get two names instead of an error blaming a --name nobody passed.
    @Test func concurrentCatalogueImportsKeepEveryRegionsChanges() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        #expect(try Advisor.run(["datasets"], home: home).code == 0)
        let regions = ["eu-central-1", "eu-west-1", "us-east-1", "us-west-2", "ap-northeast-1", "ap-southeast-2"]
        var files: [String: String] = [:]
        for region in regions {
            // Each Region lists only the global Sonnet 4.6 profile: its import removes that Region
            // from every other profile's sources.
            files[region] = try CLIFiles.write(
                """
                {"inferenceProfileSummaries": [{
                  "inferenceProfileName": "Global Anthropic Claude Sonnet 4.6",
                  "inferenceProfileArn": "arn:aws:bedrock:\(region):111122223333:inference-profile/global.anthropic.claude-sonnet-4-6",
                  "models": [{"modelArn": "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-6"},
                             {"modelArn": "arn:aws:bedrock:\(region)::foundation-model/anthropic.claude-sonnet-4-6"}],
                  "inferenceProfileId": "global.anthropic.claude-sonnet-4-6", "status": "ACTIVE", "type": "SYSTEM_DEFINED"}]}
                """, "\(region).json", in: home)
        }
        let processes = try regions.map { region in
            try Subprocess.background(
                Advisor.binary, ["catalogue", "import", files[region]!], environment: Advisor.environment(home: home))
        }
        for (region, process) in zip(regions, processes) {
            let result = try process.finish()
            #expect(result.code == 0, "\(region): \(result.stderr)")
        }
        let versions = try Advisor.run(["catalogue", "versions"], home: home)
        #expect(
            versions.stdout.components(separatedBy: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("aws-") }.count
                == regions.count, "\(versions.stdout)")
        for region in regions {
            let callable = try Advisor.run(["catalogue", "callable", "--source", region, "--format", "json"], home: home)
            #expect(callable.code == 0, "\(callable.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(callable.stdout.utf8)) as? [String: Any]
            let identifiers = (json?["models"] as? [[String: Any]] ?? []).flatMap { $0["identifiers"] as? [[String: Any]] ?? [] }
            // Profiles (ids with a scope prefix) other than the one listed: none may be left.
            let profiles = identifiers.filter { $0["callable"] as? Bool == true && $0["scope"] as? String != "in-region" }
                .compactMap { $0["id"] as? String }
            #expect(
                profiles == ["global.anthropic.claude-sonnet-4-6"],
                "\(region) still calls \(profiles) in the newest version: an import was lost")
        }
    }

    /// On a nearly full disk the new store's commit fits in its -wal but the checkpoint into the
    /// main file does not: ingest said "rows into N", exit 0, and the next command deleted the WAL
    /// as a dead creator's debris, leaving the store malformed. At every free-space size tried, a
    /// command that says it stored rows has made them durable in the store.
    @Test func aNewStoreOnANearlyFullDiskIsWholeOrAbsent() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        guard let disk = try SmallDisk(at: home.path("small-disk"), size: "8m") else {
            print("DataSafetyTests: no tmpfs could be mounted here (not root?): the nearly-full-disk case is skipped")
            return
        }
        let mountPoint = disk.path
        defer { withExtendedLifetime(disk) {} }  // mounted until the test ends
        let input = home.path("samples.csv")
        try FaultTests.samples(input, rows: 60_000, seed: 3)
        var outcomes: [Int32] = []
        // Free space from 1.2 to 4.4 MiB: the store alone needs ~1.6 MiB, store and WAL twice that.
        for leave in stride(from: 1_200 << 10, through: 4_400 << 10, by: 200 << 10) {
            let store = mountPoint + "/advisor.sqlite"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: mountPoint)) ?? [] {
                unlink(mountPoint + "/" + name)
            }
            let fill = try Subprocess.python([
                "-c",
                """
                import os, sys
                s = os.statvfs(sys.argv[1]); free = s.f_bavail * s.f_frsize; leave = int(sys.argv[2])
                with open(os.path.join(sys.argv[1], 'filler'), 'wb') as f: f.write(b'x' * max(0, free - leave))
                """, mountPoint, String(leave),
            ])
            #expect(fill.code == 0, "\(fill.stderr)")
            let ingest = try Advisor.run(["ingest", input, "--dataset", "big", "--db", store], home: home)
            outcomes.append(ingest.code)
            unlink(mountPoint + "/filler")  // room for the next command to recover anything left
            if ingest.code == 0 {
                let stats = try Advisor.run(["stats", "--dataset", "big", "--db", store], home: home)
                #expect(stats.code == 0, "free \(leave): ingest said it stored the rows, then: \(stats.stderr)")
                #expect(try FaultTests.integrity(store) == "ok", "free \(leave)")
            } else {
                #expect(ingest.code == 3, "free \(leave): \(ingest.stderr)")
                #expect(!FileManager.default.fileExists(atPath: store), "free \(leave): a failed creation left a store")
            }
            let left = (try? FileManager.default.contentsOfDirectory(atPath: mountPoint)) ?? []
            #expect(!left.contains { $0.hasPrefix(".advisor-new") }, "free \(leave): \(left)")
        }
        // The sizes tried span both outcomes, or the test proves nothing.
        #expect(outcomes.contains(0) && outcomes.contains(3), "\(outcomes)")
    }

    /// `--db a` (any one-character relative name) and `--db a/` crashed every store command with
    /// SIGILL inside Foundation's path handling.
    @Test func oneCharacterAndTrailingSlashStorePathsWork() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let csv = try CLIFiles.write("source_region,profile,ttfb_ms,total_ms,status\neu-central-1,eu.m,1,2,ok\n", "a.csv", in: home)
        let ingest = try Advisor.run(["ingest", csv, "--dataset", "d", "--db", "a"], home: home, directory: home.url)
        #expect(ingest.code == 0, "\(ingest.stderr)")
        #expect(FileManager.default.fileExists(atPath: home.path("a")))
        let read = try Advisor.run(["datasets", "--db", "a"], home: home, directory: home.url)
        #expect(read.code == 0 && read.stdout.contains("d"), "\(read.stderr)")
        let slash = try Advisor.run(["ingest", csv, "--dataset", "d", "--db", "c/"], home: home, directory: home.url)
        #expect(slash.code == 2, "\(slash.stderr)")
        #expect(slash.stderr.contains("c/: names a directory"), "\(slash.stderr)")
        let out = try Advisor.run(["report", "--out", "r"], home: home, directory: home.url)
        #expect(out.code == 0, "\(out.stderr)")
    }

    /// `ingest --replace` replaced only a file of identical content: the region file of docs/probe.md's
    /// merge workflow, exported again after more calls, was counted twice.
    @Test func replaceSwapsTheFileOfTheSameNameAndSaysWhat() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let row = "{\"source_region\":\"eu-central-1\",\"profile\":\"eu.anthropic.claude-sonnet-4-6\",\"ttfb_ms\":700,\"total_ms\":2400}\n"
        let exports = home.path("exports")
        try FileManager.default.createDirectory(atPath: exports, withIntermediateDirectories: true)
        let path = exports + "/frankfurt.jsonl"
        try String(repeating: row, count: 2).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try Advisor.run(["ingest", path, "--dataset", "merged"], home: home).code == 0)
        try String(repeating: row, count: 3).write(toFile: path, atomically: true, encoding: .utf8)
        let again = try Advisor.run(["ingest", path, "--dataset", "merged", "--replace"], home: home)
        #expect(again.code == 0, "\(again.stderr)")
        #expect(again.stdout.contains("replacing \(path) (2 rows, ingested"), "\(again.stdout)")
        #expect(try FaultTests.calls("merged", home: home) == 3)
    }

    /// A full disk made read commands fail ("disk I/O error", exit 3): WAL mode could not create its
    /// -shm file. They now read the store as it is.
    @Test func readCommandsWorkOnAFullDisk() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        guard let disk = try SmallDisk(at: home.path("full-disk"), size: "4m") else {
            print("DataSafetyTests: no tmpfs could be mounted here (not root?): the full-disk read case is skipped")
            return
        }
        let mountPoint = disk.path
        defer { withExtendedLifetime(disk) {} }  // mounted until the test ends
        let store = mountPoint + "/advisor.sqlite"
        let csv = try CLIFiles.write(
            "source_region,profile,ttfb_ms,total_ms,status\neu-central-1,eu.anthropic.claude-sonnet-4-6,700,2400,ok\n", "a.csv", in: home)
        #expect(try Advisor.run(["ingest", csv, "--dataset", "mine", "--db", store], home: home).code == 0)
        let fill = try Subprocess.python([
            "-c",
            """
            import os, sys
            fd = os.open(os.path.join(sys.argv[1], 'filler'), os.O_WRONLY | os.O_CREAT)
            try:
                while True: os.write(fd, b'x' * 4096)
            except OSError: pass
            os.close(fd)
            """, mountPoint,
        ])
        #expect(fill.code == 0, "\(fill.stderr)")
        for arguments in [["datasets"], ["stats", "--dataset", "mine"], ["recommend", "--source", "eu-central-1", "--dataset", "mine"]] {
            let result = try Advisor.run(arguments + ["--db", store], home: home)
            #expect(result.code == 0, "\(arguments): \(result.stderr)")
        }
        // The store is untouched; SQLite may leave an empty -wal and -shm from the attempt to open
        // it in WAL mode (docs/reliability.md: what advisor does not guarantee).
        let wal = (try? FileManager.default.attributesOfItem(atPath: store + "-wal"))?[.size] as? Int ?? 0
        #expect(wal == 0)
    }
}
