import EntroQ
import EntroQSQLite
import Foundation

/// A database file in a fresh temporary directory; ``remove()`` deletes it with its `-wal` and `-shm` files.
struct TemporaryDatabase {
    let directory: URL

    /// Creates an empty, uniquely named directory for the file.
    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("entroq-sqlite-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The database file's path (the file itself does not exist until a backend opens it).
    var path: String { directory.appendingPathComponent("queue.sqlite").path }

    /// Deletes the directory and everything in it.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` with the path of a fresh temporary database, removing the files afterwards.
func withTemporaryDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
    let database = try TemporaryDatabase()
    defer { database.remove() }
    return try await body(database.path)
}

/// Runs `body` with a backend on a fresh temporary database file and the manual clock it stamps tasks with.
func withBackend<T>(_ body: (SQLiteBackend, ManualTimeSource) async throws -> T) async throws -> T {
    try await withTemporaryDatabase { path in
        let clock = ManualTimeSource()
        return try await body(try SQLiteBackend(path: path, clock: clock), clock)
    }
}
