import AdvisorCore
import Foundation
internal import GRDB
internal import GRDBSQLite

/// One pass over a dataset's samples through SQLite's C API, grouped by route: what `stats`,
/// `recommend` and `report` read of a raw-sample dataset. GRDB's `Row` per sample, and a String
/// built per row for its route, cost more than SQLite's scan (a million rows took a second); here
/// each row's route is found by comparing its bytes with the routes seen so far (a handful), and
/// numbers are read as doubles straight from the statement.
struct SampleScan {
    struct Group {
        var ttfb: [Double] = []
        var total: [Double] = []
        var successes = 0
        var errors: [String: Int] = [:]
    }

    private struct Route {
        var source: [UInt8]
        var profile: [UInt8]
        var key: RouteKey
    }

    static let sql = """
        SELECT source_region, profile, status, ttfb_ms, total_ms FROM samples
        WHERE file_id IN (SELECT id FROM ingested_files WHERE dataset = ?)
          AND rowid NOT IN (SELECT sample FROM sample_details WHERE warmup = 1)
        """
    /// The same for a dataset with no warm-up calls (every dataset not from the probe): without the
    /// NOT IN, which costs a b-tree probe per row even when no row is a warm-up.
    static let sqlWithoutWarmups = """
        SELECT source_region, profile, status, ttfb_ms, total_ms FROM samples
        WHERE file_id IN (SELECT id FROM ingested_files WHERE dataset = ?)
        """
    static let hasWarmups = """
        SELECT 1 FROM sample_details d JOIN samples s ON s.rowid = d.sample
        WHERE d.warmup = 1 AND s.file_id IN (SELECT id FROM ingested_files WHERE dataset = ?) LIMIT 1
        """

    static func groups(_ db: Database, dataset: String) throws -> [RouteKey: Group] {
        let warmups = try Int.fetchOne(db, sql: hasWarmups, arguments: [dataset]) != nil
        let statement = try db.makeStatement(sql: warmups ? sql : sqlWithoutWarmups)
        try statement.setArguments([dataset])
        let handle = statement.sqliteStatement
        var routes: [Route] = []
        var groups: [Group] = []
        while true {
            let step = sqlite3_step(handle)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: step), message: String(cString: sqlite3_errmsg(db.sqliteConnection))) }
            let source = bytes(handle, 0), profile = bytes(handle, 1)
            let index: Int
            if let found = routes.firstIndex(where: { equal($0.source, source) && equal($0.profile, profile) }) {
                index = found
            } else {
                let key = RouteKey(source: String(decoding: source, as: UTF8.self), profile: String(decoding: profile, as: UTF8.self))
                routes.append(Route(source: Array(source), profile: Array(profile), key: key))
                groups.append(Group())
                index = routes.count - 1
            }
            let status = bytes(handle, 2)
            if status.count == 2 && status[0] == UInt8(ascii: "o") && status[1] == UInt8(ascii: "k") {
                groups[index].successes += 1
                if sqlite3_column_type(handle, 3) != SQLITE_NULL { groups[index].ttfb.append(sqlite3_column_double(handle, 3)) }
                if sqlite3_column_type(handle, 4) != SQLITE_NULL { groups[index].total.append(sqlite3_column_double(handle, 4)) }
            } else {
                groups[index].errors[String(decoding: status, as: UTF8.self), default: 0] += 1
            }
        }
        var result: [RouteKey: Group] = [:]
        for (route, group) in zip(routes, groups) { result[route.key] = group }
        return result
    }

    /// A text column's bytes, valid until the next step.
    private static func bytes(_ handle: OpaquePointer?, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let text = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column)))
    }

    private static func equal(_ stored: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard stored.count == bytes.count else { return false }
        guard let other = bytes.baseAddress, !stored.isEmpty else { return true }
        return stored.withUnsafeBufferPointer { memcmp($0.baseAddress!, other, bytes.count) == 0 }
    }
}
