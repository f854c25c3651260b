import EntroQ
internal import Foundation
internal import GRDB

/// Reads and writes rows of the `entroq_tasks` table.
///
/// One row per task; times are epoch milliseconds, `value` is JSON text (SQL `NULL` for a task without a value,
/// so a JSON `null` value survives as the text `null`).
enum TaskRecord {
    /// The table every task lives in.
    static let table = "entroq_tasks"

    /// Every column but `id`, in the order ``fieldBindings(of:)`` produces them.
    private static let fields = ["version", "queue", "at", "created", "modified", "claimant", "value", "claims",
                                 "attempt", "err"]

    /// Column list of a `SELECT`; with `omitValues`, `value` is read as `NULL` so large payloads stay on disk.
    static func selection(omitValues: Bool = false) -> String {
        (["id"] + fields).map { omitValues && $0 == "value" ? "NULL AS value" : $0 }.joined(separator: ", ")
    }

    /// Decodes one row selected with ``selection(omitValues:)``.
    static func task(from row: Row) throws -> EntroQTask {
        let text: String? = try row.decode(forColumn: "value")
        return EntroQTask(
            queue: try row.decode(forColumn: "queue"),
            id: try row.decode(forColumn: "id"),
            version: try row.decode(forColumn: "version"),
            atMs: try row.decode(forColumn: "at"),
            claimant: try row.decode(forColumn: "claimant"),
            value: try decodeValue(text),
            createdMs: try row.decode(forColumn: "created"),
            modifiedMs: try row.decode(forColumn: "modified"),
            claims: try row.decode(forColumn: "claims"),
            attempt: try row.decode(forColumn: "attempt"),
            err: try row.decode(forColumn: "err"))
    }

    /// The stored task with `id`, if any.
    static func fetch(id: String, in db: Database) throws -> EntroQTask? {
        let row = try Row.fetchOne(db, sql: "SELECT \(selection()) FROM \(table) WHERE id = ?", arguments: [id])
        return try row.map(task(from:))
    }

    /// The stored tasks among `ids`, keyed by id (absent ids are simply missing).
    static func fetch(ids: [String], omitValues: Bool = false, in db: Database) throws -> [String: EntroQTask] {
        guard !ids.isEmpty else { return [:] }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(selection(omitValues: omitValues)) FROM \(table)
                WHERE id IN (SELECT j.value FROM json_each(?) AS j)
                """,
            arguments: [try jsonArray(ids)])
        var tasks: [String: EntroQTask] = [:]
        tasks.reserveCapacity(rows.count)
        for row in rows {
            let task = try task(from: row)
            tasks[task.id] = task
        }
        return tasks
    }

    /// Adds a new row.
    static func insert(_ task: EntroQTask, into db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO \(table) (id, \(fields.joined(separator: ", ")))
                VALUES (?, \(databaseQuestionMarks(count: fields.count)))
                """,
            arguments: [task.id] + (try fieldBindings(of: task)))
    }

    /// Replaces the row with the task's id, if it is at `expectedVersion` (any version when `nil`).
    ///
    /// - Returns: whether a row was replaced.
    @discardableResult
    static func update(_ task: EntroQTask, expectedVersion: Int32? = nil, in db: Database) throws -> Bool {
        var arguments = try fieldBindings(of: task) + [task.id]
        var sql = """
            UPDATE \(table) SET \(fields.map { "\($0) = ?" }.joined(separator: ", "))
            WHERE id = ?
            """
        if let expectedVersion {
            sql += " AND version = ?"
            arguments += [expectedVersion]
        }
        try db.execute(sql: sql, arguments: arguments)
        return db.changesCount == 1
    }

    /// Removes the row with `id`.
    static func delete(id: String, in db: Database) throws {
        try db.execute(sql: "DELETE FROM \(table) WHERE id = ?", arguments: [id])
    }

    /// A JSON array of strings, for `json_each(?)` parameters: one bound value however long the list is.
    static func jsonArray(_ strings: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(strings), as: UTF8.self)
    }

    /// The values of ``fields``, in order.
    private static func fieldBindings(of task: EntroQTask) throws -> StatementArguments {
        [
            task.version, task.queue, task.atMs, task.createdMs, task.modifiedMs, task.claimant,
            try encodeValue(task.value), task.claims, task.attempt, task.err,
        ]
    }

    private static func encodeValue(_ value: JSONValue?) throws -> String? {
        guard let value else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func decodeValue(_ text: String?) throws -> JSONValue? {
        guard let text else { return nil }
        return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}
