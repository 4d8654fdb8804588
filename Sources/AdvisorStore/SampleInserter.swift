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
    /// The samples table's columns after `file_id`, in INSERT order: text, then real, then integer.
    static let textColumns = ["source_region", "profile", "model", "ts", "status", "run_id", "inference_region",
                              "request_id", "http_version"]
    static let realColumns = ["ttfb_ms", "total_ms", "first_token_ms", "call_ms", "dns_ms", "connect_ms", "tls_ms",
                              "headers_ms", "first_event_ms", "server_latency_ms"]
    static let integerColumns = ["input_tokens", "output_tokens", "attempts", "warmup", "new_connection"]
    static let numbersPerRow = realColumns.count + integerColumns.count
    static let batchSize = 64

    /// Which columns a batch writes. Other tools' files have none of the probe's fields, and binding
    /// twelve NULLs a row cost a third of ingest's time: their batches use the narrow shape, and the
    /// table's defaults fill the rest.
    struct Shape {
        var texts: [Int]
        var reals: [Int]
        var integers: [Int]
        var columns: Int { 1 + texts.count + reals.count + integers.count }

        static let wide = Shape(texts: Array(0..<textColumns.count), reals: Array(0..<realColumns.count),
                                integers: Array(0..<integerColumns.count))
        /// source_region … inference_region; ttfb, total, first token; input and output tokens.
        static let narrow = Shape(texts: Array(0..<7), reals: [0, 1, 2], integers: [0, 1])

        var names: [String] {
            texts.map { textColumns[$0] } + reals.map { realColumns[$0] } + integers.map { integerColumns[$0] }
        }
    }

    private let db: Database
    private let fullBatch: Statement
    private let fileId: Int64
    private var arena: [UInt8] = []
    /// Start and end in the arena of each pending row's text columns (-1, -1 for NULL), flat.
    private var bounds: [Int] = []
    /// Each pending row's numbers, flat, real columns then integer ones; NaN is NULL (no reader
    /// accepts NaN, so it cannot be a value).
    private var numbers: [Double] = []
    private var pendingRows = 0
    /// Whether a pending row has one of the probe's fields.
    private var pendingWide = false
    private var wideBatch: Statement?

    static func insertSQL(rows: Int, shape: Shape) -> String {
        let row = "(" + Array(repeating: "?", count: shape.columns).joined(separator: ", ") + ")"
        return """
            INSERT INTO samples (file_id, \(shape.names.joined(separator: ", ")))
            VALUES \(Array(repeating: row, count: rows).joined(separator: ", "))
            """
    }

    init(db: Database, fileId: Int64) throws {
        self.db = db
        self.fileId = fileId
        fullBatch = try db.makeStatement(sql: Self.insertSQL(rows: Self.batchSize, shape: .narrow))
        arena.reserveCapacity(64 * 1024)
        numbers.reserveCapacity(Self.batchSize * Self.numbersPerRow)
    }

    mutating func insert(_ row: SampleRow) throws {
        store(row.source)
        store(row.profile)
        store(row.model)
        store(row.timestamp)
        store(row.status ?? .string("ok"))
        store(row.runId)
        store(row.inferenceRegion)
        store(row.requestId)
        store(row.httpVersion)
        // One append each, in realColumns then integerColumns order (an array literal per row would
        // allocate a million times in a large ingest).
        numbers.append(row.ttfbMs ?? .nan)
        numbers.append(row.totalMs ?? .nan)
        numbers.append(row.firstTokenMs ?? .nan)
        numbers.append(row.callMs ?? .nan)
        numbers.append(row.dnsMs ?? .nan)
        numbers.append(row.connectMs ?? .nan)
        numbers.append(row.tlsMs ?? .nan)
        numbers.append(row.headersMs ?? .nan)
        numbers.append(row.firstEventMs ?? .nan)
        numbers.append(row.serverLatencyMs ?? .nan)
        numbers.append(row.inputTokens.map(Double.init) ?? .nan)
        numbers.append(row.outputTokens.map(Double.init) ?? .nan)
        numbers.append(row.attempts.map(Double.init) ?? .nan)
        numbers.append(row.warmup.map { $0 ? 1 : 0 } ?? 0)
        numbers.append(row.newConnection.map { $0 ? 1 : 0 } ?? .nan)
        if row.warmup != nil || row.attempts != nil || row.callMs != nil || row.dnsMs != nil || row.connectMs != nil
            || row.tlsMs != nil || row.headersMs != nil || row.firstEventMs != nil || row.serverLatencyMs != nil
            || row.requestId != nil || row.httpVersion != nil || row.newConnection != nil {
            pendingWide = true
        }
        pendingRows += 1
        if pendingRows == Self.batchSize {
            if pendingWide {
                if wideBatch == nil { wideBatch = try db.makeStatement(sql: Self.insertSQL(rows: Self.batchSize, shape: .wide)) }
                try write(wideBatch!, shape: .wide)
            } else {
                try write(fullBatch, shape: .narrow)
            }
        }
    }

    /// Inserts the rows still waiting, with a statement sized for them.
    mutating func flush() throws {
        guard pendingRows > 0 else { return }
        let shape: Shape = pendingWide ? .wide : .narrow
        try write(try db.makeStatement(sql: Self.insertSQL(rows: pendingRows, shape: shape)), shape: shape)
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

    private mutating func write(_ statement: Statement, shape: Shape) throws {
        let handle = statement.sqliteStatement
        let texts = Self.textColumns.count, reals = Self.realColumns.count
        try arena.withUnsafeBufferPointer { bytes in
            // SQLITE_STATIC (nil destructor): SQLite reads the arena during the step, which ends
            // before the arena changes.
            for slot in 0..<pendingRows {
                let base = Int32(slot * shape.columns)
                sqlite3_bind_int64(handle, base + 1, fileId)
                var parameter = base + 2
                for column in shape.texts {
                    let start = bounds[(slot * texts + column) * 2], end = bounds[(slot * texts + column) * 2 + 1]
                    if start >= 0 {
                        let pointer = UnsafeRawPointer(bytes.baseAddress!).advanced(by: start).assumingMemoryBound(to: CChar.self)
                        sqlite3_bind_text(handle, parameter, pointer, Int32(end - start), nil)
                    } else {
                        sqlite3_bind_null(handle, parameter)
                    }
                    parameter += 1
                }
                let row = slot * Self.numbersPerRow
                for column in shape.reals {
                    let value = numbers[row + column]
                    if value.isNaN { sqlite3_bind_null(handle, parameter) } else { sqlite3_bind_double(handle, parameter, value) }
                    parameter += 1
                }
                for column in shape.integers {
                    let value = numbers[row + reals + column]
                    if value.isNaN { sqlite3_bind_null(handle, parameter) } else { sqlite3_bind_int64(handle, parameter, Int64(value)) }
                    parameter += 1
                }
            }
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errstr(code)),
                                    sql: statement.sql)
            }
        }
        pendingRows = 0
        pendingWide = false
        numbers.removeAll(keepingCapacity: true)
        bounds.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
    }
}
