import EntroQ
import Foundation
import PostgresNIO

/// The SQL names of one queue schema. The schema name is validated by ``PostgresBackend/Configuration``, so the
/// quoted forms can be spliced into statements.
struct SQLNames: Sendable, Hashable {
    /// The bare schema name.
    let schema: String

    var quotedSchema: String { "\"\(schema)\"" }
    var tasks: String { "\(quotedSchema).tasks" }
    var meta: String { "\(quotedSchema).meta" }
    /// The LISTEN/NOTIFY channel; each notification's payload is a queue name.
    var channel: String { "\(schema)_tasks" }
}

/// How task rows are read: the select list and its decoding.
enum TaskRows {
    /// Columns in the order ``task(from:)`` decodes them.
    static let columns = "id, version, queue, at, claimant, value::text, created, modified, claims, attempt, err"
    /// As ``columns`` with the value replaced by SQL NULL (for listings that omit values).
    static let columnsWithoutValue =
        "id, version, queue, at, claimant, NULL::text, created, modified, claims, attempt, err"

    /// Decodes one row selected with ``columns``.
    static func task(from row: PostgresRow) throws -> EntroQTask {
        let (id, version, queue, at, claimant, value, created, modified, claims, attempt, err) = try row.decode(
            (String, Int32, String, Int64, String, String?, Int64, Int64, Int32, Int32, String).self)
        return EntroQTask(
            queue: queue, id: id, version: version, atMs: at, claimant: claimant,
            value: try value.map(JSONText.decode), createdMs: created, modifiedMs: modified, claims: claims,
            attempt: attempt, err: err)
    }

    /// Runs `query` and decodes every row.
    static func fetch(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws
        -> [EntroQTask]
    {
        var tasks: [EntroQTask] = []
        for try await row in try await connection.query(query, logger: logger) {
            tasks.append(try task(from: row))
        }
        return tasks
    }
}

/// Whole task rows as parallel arrays, for one-statement bulk writes through `unnest`.
struct TaskColumnArrays {
    var ids: [String] = []
    var versions: [Int32] = []
    var queues: [String] = []
    var ats: [Int64] = []
    var claimants: [String] = []
    /// Whether the task has a value; arrays of optionals do not bind, so absent values are `""` here.
    var hasValues: [Bool] = []
    var values: [String] = []
    var createds: [Int64] = []
    var modifieds: [Int64] = []
    var claims: [Int32] = []
    var attempts: [Int32] = []
    var errs: [String] = []

    /// Splits `tasks` into columns.
    ///
    /// - Throws: ``QueueError/Code/invalidArgument`` for a value JSON cannot carry (a non-finite number).
    init(_ tasks: [EntroQTask]) throws(QueueError) {
        for task in tasks {
            ids.append(task.id)
            versions.append(task.version)
            queues.append(task.queue)
            ats.append(task.atMs)
            claimants.append(task.claimant)
            hasValues.append(task.value != nil)
            values.append(try task.value.map(JSONText.encode) ?? "")
            createds.append(task.createdMs)
            modifieds.append(task.modifiedMs)
            claims.append(task.claims)
            attempts.append(task.attempt)
            errs.append(task.err)
        }
    }

    /// Inserts these rows, skipping ids that exist (a concurrent insert of the same id); returns inserted ids.
    func insertQuery(into names: SQLNames) -> PostgresQuery {
        """
        INSERT INTO \(unescaped: names.tasks) \
        (id, version, queue, at, claimant, value, created, modified, claims, attempt, err) \
        SELECT u.id, u.version, u.queue, u.at, u.claimant, CASE WHEN u.has_value THEN u.value::jsonb END, \
        u.created, u.modified, u.claims, u.attempt, u.err \
        FROM unnest(\(ids)::text[], \(versions)::int4[], \(queues)::text[], \(ats)::int8[], \(claimants)::text[], \
        \(hasValues)::bool[], \(values)::text[], \(createds)::int8[], \(modifieds)::int8[], \(claims)::int4[], \
        \(attempts)::int4[], \(errs)::text[]) \
        AS u(id, version, queue, at, claimant, has_value, value, created, modified, claims, attempt, err) \
        ON CONFLICT (id) DO NOTHING RETURNING id
        """
    }

    /// Overwrites the rows with these ids with these states (all columns but `created`).
    func updateQuery(in names: SQLNames) -> PostgresQuery {
        """
        UPDATE \(unescaped: names.tasks) AS t SET version = u.version, queue = u.queue, at = u.at, \
        claimant = u.claimant, value = CASE WHEN u.has_value THEN u.value::jsonb END, modified = u.modified, \
        claims = u.claims, attempt = u.attempt, err = u.err \
        FROM unnest(\(ids)::text[], \(versions)::int4[], \(queues)::text[], \(ats)::int8[], \(claimants)::text[], \
        \(hasValues)::bool[], \(values)::text[], \(modifieds)::int8[], \(claims)::int4[], \(attempts)::int4[], \
        \(errs)::text[]) \
        AS u(id, version, queue, at, claimant, has_value, value, modified, claims, attempt, err) \
        WHERE t.id = u.id
        """
    }
}

/// Task values as JSON text (bound as text and cast to `jsonb` in SQL).
enum JSONText {
    static func encode(_ value: JSONValue) throws(QueueError) -> String {
        do {
            let data = try JSONEncoder().encode(value)
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw .invalidArgument("task value cannot be stored as JSON (numbers must be finite)")
        }
    }

    static func decode(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}
