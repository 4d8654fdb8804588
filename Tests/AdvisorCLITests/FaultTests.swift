import AdvisorTestSupport
import Foundation
import Testing

/// The fault suite (issue 9): kill -9 in the middle of an ingest, concurrent writers and readers, a
/// full file system. The guarantees it holds the binary to are listed in docs/reliability.md.
/// Kill points are chosen by what the victim has written (bytes in the store's directory), not by
/// time, so the suite does not depend on the machine's speed; every wait is bounded.
@Suite(.serialized)
struct FaultTests {
    static let rows = 60_000

    /// A raw-sample CSV of `rows` calls, deterministic.
    static func samples(_ path: String, rows: Int, seed: Int) throws {
        var text = "source_region,profile,ttfb_ms,total_ms,status\n"
        text.reserveCapacity(rows * 48)
        var state = UInt64(seed) &+ 0x9E37_79B9_7F4A_7C15
        for index in 0..<rows {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let ttfb = 300 + Int(state >> 54)
            text += "eu-central-1,eu.anthropic.claude-sonnet-4-6,\(ttfb),\(ttfb + 1000 + index % 97),ok\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func start(_ arguments: [String], home: TemporaryDirectory, environment extra: [String: String] = [:]) throws -> Process {
        try Subprocess.start(Advisor.binary, arguments, environment: Advisor.environment(home: home, extra))
    }

    /// Bytes of every file in a directory (a store, its -wal, a temporary store being built).
    static func bytesIn(_ directory: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.reduce(0) { total, name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)
            return total + (attributes?[.size] as? Int ?? 0)
        }
    }

    /// Waits until the victim has written `threshold` bytes or has exited; then kills it.
    /// Says whether the victim was still running when it was killed.
    @discardableResult
    static func kill(_ process: Process, whenDirectory directory: String, holds threshold: Int) -> Bool {
        var polls = 0
        while process.isRunning, bytesIn(directory) < threshold, polls < 20_000 {
            usleep(500)
            polls += 1
        }
        let running = process.isRunning
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return running && process.terminationReason == .uncaughtSignal
    }

    static func integrity(_ store: String) throws -> String {
        try Subprocess.python([
            "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('pragma integrity_check').fetchone()[0])",
            store,
        ]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The calls a dataset holds, from `advisor datasets --format json`; nil when it is absent.
    static func calls(_ dataset: String, home: TemporaryDirectory) throws -> Int? {
        let result = try Advisor.run(["datasets", "--format", "json"], home: home)
        #expect(result.code == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let entries = json?["datasets"] as? [[String: Any]] ?? []
        return entries.first { $0["name"] as? String == dataset }.flatMap { ($0["count"] as? NSNumber)?.intValue }
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5])
    func killNineDuringAnIngestLeavesAllOrNothing(seed: Int) throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let input = home.path("samples.csv")
        try Self.samples(input, rows: Self.rows, seed: seed)
        let directory = home.path("advisor-home")
        let store = directory + "/advisor.sqlite"
        // Even seeds kill an ingest creating the store; odd ones an ingest into an existing store.
        let existing = seed % 2 == 1
        if existing { #expect(try Advisor.run(["datasets"], home: home).code == 0) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let base = Self.bytesIn(directory)
        let thresholds = [0, 32 << 10, 256 << 10, 1 << 20, 2 << 20, 3 << 20]
        let victim = try Self.start(["ingest", input, "--dataset", "big"], home: home)
        let killed = Self.kill(victim, whenDirectory: directory, holds: base + thresholds[seed])

        // The next command of any kind finds a whole store (or none) and cleans up after the victim.
        let next = try Advisor.run(["datasets"], home: home)
        #expect(next.code == 0, "\(next.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(left == ["advisor.sqlite"], "files left after the next command: \(left)")
        #expect(try Self.integrity(store) == "ok")
        let held = try Self.calls("big", home: home)
        #expect(held == nil || held == Self.rows, "a killed ingest left \(held ?? 0) of \(Self.rows) calls")
        print(
            "FaultTests: kill point \(seed) (\(existing ? "existing" : "new") store, \(thresholds[seed]) bytes): "
                + (killed ? "killed mid-ingest" : "ingest had finished") + ", dataset " + (held == nil ? "absent" : "whole"))
        // Whatever the victim left, the same ingest now goes through once.
        if held == nil {
            #expect(try Advisor.run(["ingest", input, "--dataset", "big"], home: home).code == 0)
            #expect(try Self.calls("big", home: home) == Self.rows)
        }
    }

    @Test(arguments: [false, true])
    func concurrentIngestsLoseNothing(existing: Bool) throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        if existing { #expect(try Advisor.run(["datasets"], home: home).code == 0) }
        var inputs: [String] = []
        for index in 0..<4 {
            let path = home.path("s\(index).csv")
            try Self.samples(path, rows: 2_000 + index, seed: index)
            inputs.append(path)
        }
        let writers = try inputs.enumerated().map { index, path in
            try Self.start(["ingest", path, "--dataset", "d\(index)"], home: home)
        }
        let readers = try (0..<4).map { _ in try Self.start(["recommend", "--source", "eu-central-1"], home: home) }
        for process in writers + readers { process.waitUntilExit() }
        #expect(writers.map(\.terminationStatus) == [0, 0, 0, 0])
        #expect(readers.map(\.terminationStatus) == [0, 0, 0, 0])
        for index in 0..<4 { #expect(try Self.calls("d\(index)", home: home) == 2_000 + index) }
        let left = try FileManager.default.contentsOfDirectory(atPath: home.path("advisor-home"))
        #expect(left == ["advisor.sqlite"], "\(left)")
    }

    @Test func readersReadWhileAnIngestWritesAndASecondWriterWaitsOrSaysWhy() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        #expect(try Advisor.run(["datasets"], home: home).code == 0)
        let directory = home.path("advisor-home")
        let big = home.path("big.csv")
        try Self.samples(big, rows: Self.rows * 2, seed: 7)
        let small = home.path("small.csv")
        try Self.samples(small, rows: 1_000, seed: 8)
        let base = Self.bytesIn(directory)
        let writer = try Self.start(["ingest", big, "--dataset", "big"], home: home)
        // Once the writer is writing (its WAL grows), readers and a second writer go at the store.
        var polls = 0
        while writer.isRunning, Self.bytesIn(directory) < base + (64 << 10), polls < 20_000 { usleep(500); polls += 1 }
        var reads: [Advisor.Result] = []
        for _ in 0..<5 { reads.append(try Advisor.run(["stats", "--dataset", "seed-lab-2026-04"], home: home)) }
        let second = try Advisor.run(["ingest", small, "--dataset", "small"], home: home, environment: ["ADVISOR_LOCK_TIMEOUT": "0"])
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0)
        for read in reads { #expect(read.code == 0, "a reader failed during the ingest: \(read.stderr)") }
        if second.code == 0 {
            #expect(try Self.calls("small", home: home) == 1_000)
        } else {
            // It could not wait (ADVISOR_LOCK_TIMEOUT=0): exit 3, saying why, having written nothing.
            #expect(second.code == 3)
            #expect(second.stderr.contains("another advisor command held the store's write lock"), "\(second.stderr)")
            #expect(try Self.calls("small", home: home) == nil)
        }
        #expect(try Self.calls("big", home: home) == Self.rows * 2)
        // Told to wait (the default), the second writer goes through after the first.
        #expect(try Advisor.run(["ingest", small, "--dataset", "small2"], home: home).code == 0)
    }

    @Test func aFullFileSystemLeavesTheStoreByteIdentical() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        // A real full disk where the machine lets us mount a 1 MiB tmpfs (root in CI); else the
        // store's own size cap, which SQLite meets the same way (SQLITE_FULL).
        let disk = try SmallDisk(at: home.path("small-disk"), size: "1m")
        let mountPoint = home.path("small-disk"), realDisk = disk != nil
        defer { withExtendedLifetime(disk) {} }  // mounted until the test ends
        if !realDisk { print("FaultTests: no tmpfs could be mounted here; using ADVISOR_STORE_MAX_BYTES instead") }
        let store = mountPoint + "/advisor.sqlite"
        // Created as the default store of ADVISOR_HOME (a read command never creates one named by --db).
        #expect(try Advisor.run(["datasets"], home: home, environment: ["ADVISOR_HOME": mountPoint]).code == 0)
        let before = try #require(fileBytes(store))
        let input = home.path("samples.csv")
        try Self.samples(input, rows: Self.rows, seed: 11)
        let environment = realDisk ? [:] : ["ADVISOR_STORE_MAX_BYTES": String(before.count + (256 << 10))]
        let full = try Advisor.run(["ingest", input, "--dataset", "big", "--db", store], home: home, environment: environment)
        #expect(full.code == 3)
        #expect(full.stderr.contains("the store is full"), "\(full.stderr)")
        #expect(fileBytes(store) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: mountPoint) == ["advisor.sqlite"])
        // A new store that does not fit is not created at all.
        let fresh = mountPoint + "/new.sqlite"
        let second = try Advisor.run(["ingest", input, "--dataset", "big", "--db", fresh], home: home, environment: environment)
        #expect(second.code == 3)
        // The error names the store the user asked for, not the temporary file it was built in.
        #expect(second.stderr.contains(fresh) && !second.stderr.contains(".advisor-new"), "\(second.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fresh))
        #expect(try FileManager.default.contentsOfDirectory(atPath: mountPoint) == ["advisor.sqlite"])
    }
}
