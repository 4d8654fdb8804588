public import AdvisorCore
import Foundation
internal import GRDB
internal import GRDBSQLite

/// Inserts samples through SQLite's C API, up to `batchSize` rows per INSERT statement: GRDB's
/// per-row argument boxing and SQLite's per-statement overhead cost more than the inserting
/// itself, and ingest has to keep up with `sqlite3 .import`. Rows wait in a byte arena (their read
/// buffer may be gone by the time the batch is full). Call `flush()` after the last row.
///
/// A struct held in a local variable, so the per-row accesses to its buffers are checked for
/// exclusivity at compile time; as a class they cost 12% of ingest in run-time checks.
struct SampleInserter {
    /// The samples table's columns after `file_id` and `route`, in INSERT order: text, then real,
    /// then integer.
    static let textColumns = ["model", "ts", "status", "run_id", "inference_region"]
    static let realColumns = ["ttfb_ms", "total_ms", "first_token_ms"]
    static let integerColumns = ["input_tokens", "output_tokens"]
    static let columns = 2 + textColumns.count + realColumns.count + integerColumns.count
    /// A batch row's texts: its route's source Region and profile (stored as the route's id), then
    /// the text columns.
    static let textsPerRow = 2 + textColumns.count
    static let numbersPerRow = realColumns.count + integerColumns.count
    static let batchSize = 64
    /// The probe's fields (ProbeField), in sample_details: rows that have any go in one at a time
    /// with their details; other tools' rows never pay for them.
    static let detailsSQL = """
        INSERT INTO sample_details (sample, \(ProbeField.allCases.map(\.column).joined(separator: ", ")))
        VALUES (last_insert_rowid(), \(Array(repeating: "?", count: ProbeField.allCases.count).joined(separator: ", ")))
        """

    private let db: Database
    private let fileId: Int64
    private var pending = SampleBatch()
    /// The routes this inserter has seen, with their ids in `routes`: a handful per file, so a
    /// row's route is found by comparing bytes, most often with the previous row's.
    private var knownRoutes: [(source: [UInt8], profile: [UInt8], id: Int64)] = []
    private var lastRoute = 0
    /// Looked up once per inserter: ingest writes a full batch every 64 rows.
    private var fullBatch: Statement?

    static func insertSQL(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        return """
            INSERT INTO samples (file_id, route, \((textColumns + realColumns + integerColumns).joined(separator: ", ")))
            VALUES \(Array(repeating: row, count: rows).joined(separator: ", "))
            """
    }

    init(db: Database, fileId: Int64) throws {
        self.db = db
        self.fileId = fileId
    }

    mutating func insert(_ row: SampleRow) throws {
        pending.append(row)
        if row.hasProbeFields {
            // Its details need its rowid: the rows before it go in first, then it alone.
            try writeDetailed(row)
        } else if pending.rows == Self.batchSize {
            try write(pending)
            pending.removeAll()
        }
    }

    /// Rows another thread copied into a batch (ingest's reading thread): none has probe fields.
    mutating func insert(_ batch: SampleBatch) throws {
        try flush()
        try write(batch)
    }

    /// Inserts the rows still waiting, with a statement sized for them.
    mutating func flush() throws {
        guard pending.rows > 0 else { return }
        try write(pending)
        pending.removeAll()
    }

    /// Statements come from the connection's cache: the probe makes an inserter per call, and
    /// preparing the 64-row statement (832 parameters) on each was most of its SQLite time.
    private func statement(rows: Int) throws -> Statement {
        try db.cachedStatement(sql: rows == Self.batchSize ? Self.fullBatchSQL : Self.insertSQL(rows: rows))
    }

    /// Built once: ingest asks for it every 64 rows.
    private static let fullBatchSQL = insertSQL(rows: batchSize)

    /// The pending rows, the last of which has probe fields: the others as a batch, it on its own,
    /// then its details keyed by its rowid.
    private mutating func writeDetailed(_ row: SampleRow) throws {
        if pending.rows > 1 {
            // Write all but the last; the last row goes in alone.
            let last = pending.removeLast()
            try write(pending)
            pending = last
        }
        try write(pending)
        pending.removeAll()
        let details: [(any DatabaseValueConvertible)?] = ProbeField.allCases.map { field in
            switch row.probe[field] ?? field.storedWhenAbsent {
            case .flag(let value)?: return value ? 1 : 0
            case .count(let value)?: return value
            case .milliseconds(let value)?: return value
            case .text(let value)?: return value.string
            case nil: return nil
            }
        }
        try db.cachedStatement(sql: Self.detailsSQL).execute(arguments: StatementArguments(details))
    }

    /// A batch of up to `batchSize` rows, with the statement of its size.
    private mutating func write(_ batch: SampleBatch) throws {
        guard batch.rows > 0 else { return }
        let statement: Statement
        if batch.rows == Self.batchSize {
            if fullBatch == nil { fullBatch = try self.statement(rows: Self.batchSize) }
            statement = fullBatch!
        } else {
            statement = try self.statement(rows: batch.rows)
        }
        let handle = statement.sqliteStatement
        let texts = Self.textsPerRow, reals = Self.realColumns.count
        let bounds = batch.bounds, numbers = batch.numbers
        try batch.arena.withUnsafeBufferPointer { bytes in
            func text(_ slot: Int, _ offset: Int) -> UnsafeBufferPointer<UInt8> {
                let start = bounds[(slot * texts + offset) * 2], end = bounds[(slot * texts + offset) * 2 + 1]
                return UnsafeBufferPointer(rebasing: bytes[start..<end])
            }
            // SQLITE_STATIC (nil destructor): SQLite reads the arena during the step, which ends
            // before the arena changes.
            for slot in 0..<batch.rows {
                let base = Int32(slot * Self.columns)
                sqlite3_bind_int64(handle, base + 1, fileId)
                sqlite3_bind_int64(handle, base + 2, try routeId(source: text(slot, 0), profile: text(slot, 1)))
                for offset in 2..<texts {
                    let start = bounds[(slot * texts + offset) * 2], end = bounds[(slot * texts + offset) * 2 + 1]
                    let parameter = base + 1 + Int32(offset)
                    if start >= 0 {
                        let pointer = UnsafeRawPointer(bytes.baseAddress!).advanced(by: start).assumingMemoryBound(to: CChar.self)
                        sqlite3_bind_text(handle, parameter, pointer, Int32(end - start), nil)
                    } else {
                        sqlite3_bind_null(handle, parameter)
                    }
                }
                for offset in 0..<Self.numbersPerRow {
                    let value = numbers[slot * Self.numbersPerRow + offset]
                    let parameter = base + 1 + Int32(texts + offset)
                    if value.isNaN {
                        sqlite3_bind_null(handle, parameter)
                    } else if offset < reals {
                        sqlite3_bind_double(handle, parameter, value)
                    } else {
                        sqlite3_bind_int64(handle, parameter, Int64(value))
                    }
                }
            }
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errstr(code)),
                    sql: statement.sql)
            }
        }
    }

    /// The route's id in `routes`, added there the first time any file names it.
    private mutating func routeId(source: UnsafeBufferPointer<UInt8>, profile: UnsafeBufferPointer<UInt8>) throws -> Int64 {
        func equal(_ stored: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard stored.count == bytes.count else { return false }
            guard let other = bytes.baseAddress, !stored.isEmpty else { return true }
            return stored.withUnsafeBufferPointer { memcmp($0.baseAddress!, other, bytes.count) == 0 }
        }
        func matches(_ index: Int) -> Bool { equal(knownRoutes[index].profile, profile) && equal(knownRoutes[index].source, source) }
        if lastRoute < knownRoutes.count, matches(lastRoute) { return knownRoutes[lastRoute].id }
        if let index = knownRoutes.indices.first(where: matches) {
            lastRoute = index
            return knownRoutes[index].id
        }
        let sourceText = String(decoding: source, as: UTF8.self), profileText = String(decoding: profile, as: UTF8.self)
        try db.cachedStatement(sql: "INSERT INTO routes (source_region, profile) VALUES (?, ?) ON CONFLICT DO NOTHING")
            .execute(arguments: [sourceText, profileText])
        guard
            let id = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM routes WHERE source_region = ? AND profile = ?"),
                arguments: [sourceText, profileText])
        else {
            throw DatabaseError(resultCode: .SQLITE_INTERNAL, message: "route \(sourceText) \(profileText) missing after insert")
        }
        knownRoutes.append((Array(source), Array(profile), id))
        lastRoute = knownRoutes.count - 1
        return id
    }
}

/// Rows copied out of their read buffer into one byte arena, ready to bind: what the inserter
/// holds until a batch is full, and what ingest's reading thread hands the writing one.
public struct SampleBatch: Sendable {
    /// Rows a batch holds when full: one INSERT statement's worth.
    public static let capacity = SampleInserter.batchSize
    var arena: [UInt8] = []
    /// Start and end in the arena of each row's text columns (-1, -1 for NULL), flat.
    var bounds: [Int] = []
    /// Each row's numbers, flat, real columns then integer ones; NaN is NULL (no reader accepts
    /// NaN, so it cannot be a value).
    var numbers: [Double] = []
    public private(set) var rows = 0

    public init() {
        arena.reserveCapacity(16 * 1024)
        bounds.reserveCapacity(SampleInserter.batchSize * SampleInserter.textsPerRow * 2)
        numbers.reserveCapacity(SampleInserter.batchSize * SampleInserter.numbersPerRow)
    }

    /// In SampleInserter's order: the route, then the text columns.
    public mutating func append(_ row: SampleRow) {
        store(row.source)
        store(row.profile)
        store(row.model)
        store(row.timestamp)
        store(row.status ?? .string("ok"))
        store(row.runId)
        store(row.inferenceRegion)
        numbers.append(row.ttfbMs ?? .nan)
        numbers.append(row.totalMs ?? .nan)
        numbers.append(row.firstTokenMs ?? .nan)
        numbers.append(row.inputTokens.map(Double.init) ?? .nan)
        numbers.append(row.outputTokens.map(Double.init) ?? .nan)
        rows += 1
    }

    mutating func removeAll() {
        arena.removeAll(keepingCapacity: true)
        bounds.removeAll(keepingCapacity: true)
        numbers.removeAll(keepingCapacity: true)
        rows = 0
    }

    /// Takes the last row out, as a batch of its own.
    mutating func removeLast() -> SampleBatch {
        var last = SampleBatch()
        let keptBounds = Array(bounds.suffix(SampleInserter.textsPerRow * 2))
        let arenaStart = keptBounds.first(where: { $0 >= 0 }) ?? arena.count
        last.arena = Array(arena[arenaStart...])
        last.bounds = keptBounds.map { $0 >= 0 ? $0 - arenaStart : $0 }
        last.numbers = Array(numbers.suffix(SampleInserter.numbersPerRow))
        last.rows = 1
        bounds.removeLast(keptBounds.count)
        numbers.removeLast(SampleInserter.numbersPerRow)
        arena.removeLast(arena.count - arenaStart)
        rows -= 1
        return last
    }

    private mutating func store(_ text: SampleRow.Text?) {
        guard let text else {
            bounds.append(-1)
            bounds.append(-1)
            return
        }
        bounds.append(arena.count)
        switch text {
        case .bytes(let bytes): arena.append(contentsOf: bytes)
        case .string(let string): arena.append(contentsOf: string.utf8)
        }
        bounds.append(arena.count)
    }
}
