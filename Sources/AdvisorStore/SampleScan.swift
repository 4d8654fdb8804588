import AdvisorCore
import Foundation
internal import GRDB
internal import GRDBSQLite

/// One pass over a dataset's samples through SQLite's C API, grouped by route: what `stats`,
/// `recommend` and `report` read of a raw-sample dataset. GRDB's `Row` per sample cost more than
/// SQLite's scan (a million rows took a second); here each row's route is its integer id (migration
/// v8), found among the routes seen so far (a handful), and numbers are read as doubles straight
/// from the statement.
struct SampleScan {
    struct Group {
        var ttfb: [Double] = []
        var total: [Double] = []
        var successes = 0
        var errors: [String: Int] = [:]
    }

    static let sql = """
        SELECT route, status, ttfb_ms, total_ms FROM samples
        WHERE file_id IN (SELECT id FROM ingested_files WHERE dataset = ?)
          AND rowid NOT IN (SELECT sample FROM sample_details WHERE warmup = 1)
        """
    /// The same for a dataset with no warm-up calls (every dataset not from the probe): without the
    /// NOT IN, which costs a b-tree probe per row even when no row is a warm-up.
    static let sqlWithoutWarmups = """
        SELECT route, status, ttfb_ms, total_ms FROM samples
        WHERE file_id IN (SELECT id FROM ingested_files WHERE dataset = ?)
        """
    static let hasWarmups = """
        SELECT 1 FROM sample_details d JOIN samples s ON s.rowid = d.sample
        WHERE d.warmup = 1 AND s.file_id IN (SELECT id FROM ingested_files WHERE dataset = ?) LIMIT 1
        """

    static func groups(_ db: Database, dataset: String) throws -> [RouteKey: Group] {
        var names: [Int64: RouteKey] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, source_region, profile FROM routes") {
            names[row[0]] = RouteKey(source: row[1], profile: row[2])
        }
        let warmups = try Int.fetchOne(db, sql: hasWarmups, arguments: [dataset]) != nil
        let statement = try db.makeStatement(sql: warmups ? sql : sqlWithoutWarmups)
        try statement.setArguments([dataset])
        let handle = statement.sqliteStatement
        var routes: [Int64] = []
        var groups: [Group] = []
        var last = -1
        while true {
            let step = sqlite3_step(handle)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: step), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            let route = sqlite3_column_int64(handle, 0)
            let index: Int
            if last >= 0, routes[last] == route {
                index = last
            } else if let found = routes.firstIndex(of: route) {
                index = found
            } else {
                guard names[route] != nil else {
                    throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "a sample names route \(route), which routes does not hold")
                }
                routes.append(route)
                groups.append(Group())
                index = routes.count - 1
            }
            last = index
            let status = bytes(handle, 1)
            if status.count == 2 && status[0] == UInt8(ascii: "o") && status[1] == UInt8(ascii: "k") {
                groups[index].successes += 1
                if sqlite3_column_type(handle, 2) != SQLITE_NULL { groups[index].ttfb.append(sqlite3_column_double(handle, 2)) }
                if sqlite3_column_type(handle, 3) != SQLITE_NULL { groups[index].total.append(sqlite3_column_double(handle, 3)) }
            } else {
                groups[index].errors[String(decoding: status, as: UTF8.self), default: 0] += 1
            }
        }
        var result: [RouteKey: Group] = [:]
        for (route, group) in zip(routes, groups) { result[names[route]!] = group }
        return result
    }

    /// A text column's bytes, valid until the next step.
    private static func bytes(_ handle: OpaquePointer?, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let text = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column)))
    }
}
