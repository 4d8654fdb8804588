import AdvisorFormats
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
    static let columns = 13
    static let batchSize = 64

    /// The text columns, in the order their byte ranges are kept in `bounds`.
    private static let textParameters: [Int32] = [2, 3, 4, 5, 6, 11, 12]

    private struct Pending {
        var ttfbMs: Double?
        var totalMs: Double?
        var inputTokens: Int?
        var outputTokens: Int?
        var firstTokenMs: Double?
    }

    private let db: Database
    private let fullBatch: Statement
    private let fileId: Int64
    private var arena: [UInt8] = []
    /// Start and end in the arena of each pending row's text columns (-1, -1 for NULL), flat.
    private var bounds: [Int] = []
    private var pending: [Pending] = []

    static func insertSQL(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        return """
            INSERT INTO samples (file_id, source_region, profile, model, ts, status, ttfb_ms, total_ms,
                                 input_tokens, output_tokens, run_id, inference_region, first_token_ms)
            VALUES \(Array(repeating: row, count: rows).joined(separator: ", "))
            """
    }

    init(db: Database, fileId: Int64) throws {
        self.db = db
        self.fileId = fileId
        fullBatch = try db.makeStatement(sql: Self.insertSQL(rows: Self.batchSize))
        arena.reserveCapacity(64 * 1024)
        pending.reserveCapacity(Self.batchSize)
    }

    mutating func insert(_ row: SampleRow) throws {
        store(row.source)
        store(row.profile)
        store(row.model)
        store(row.timestamp)
        store(row.status ?? .string("ok"))
        store(row.runId)
        store(row.inferenceRegion)
        pending.append(Pending(ttfbMs: row.ttfbMs, totalMs: row.totalMs, inputTokens: row.inputTokens,
                               outputTokens: row.outputTokens, firstTokenMs: row.firstTokenMs))
        if pending.count == Self.batchSize { try write(fullBatch) }
    }

    /// Inserts the rows still waiting, with a statement sized for them.
    mutating func flush() throws {
        guard !pending.isEmpty else { return }
        try write(try db.makeStatement(sql: Self.insertSQL(rows: pending.count)))
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

    private mutating func write(_ statement: Statement) throws {
        let handle = statement.sqliteStatement
        try arena.withUnsafeBufferPointer { bytes in
            // SQLITE_STATIC (nil destructor): SQLite reads the arena during the step, which ends
            // before the arena changes.
            for (slot, row) in pending.enumerated() {
                let base = Int32(slot * Self.columns)
                sqlite3_bind_int64(handle, base + 1, fileId)
                for (offset, parameter) in Self.textParameters.enumerated() {
                    let start = bounds[(slot * 7 + offset) * 2], end = bounds[(slot * 7 + offset) * 2 + 1]
                    if start >= 0 {
                        let pointer = UnsafeRawPointer(bytes.baseAddress!).advanced(by: start).assumingMemoryBound(to: CChar.self)
                        sqlite3_bind_text(handle, base + parameter, pointer, Int32(end - start), nil)
                    } else {
                        sqlite3_bind_null(handle, base + parameter)
                    }
                }
                bind(handle, base + 7, row.ttfbMs)
                bind(handle, base + 8, row.totalMs)
                bind(handle, base + 9, row.inputTokens.map(Double.init), integer: true)
                bind(handle, base + 10, row.outputTokens.map(Double.init), integer: true)
                bind(handle, base + 13, row.firstTokenMs)
            }
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errstr(code)),
                                    sql: statement.sql)
            }
        }
        pending.removeAll(keepingCapacity: true)
        bounds.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
    }

    private func bind(_ handle: OpaquePointer, _ index: Int32, _ value: Double?, integer: Bool = false) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        if integer { sqlite3_bind_int64(handle, index, Int64(value)) } else { sqlite3_bind_double(handle, index, value) }
    }
}
