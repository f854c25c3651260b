import PostgresConnection
import EntroQ
import EntroQPostgres
import Testing

@Suite("Postgres backend configuration")
struct ConfigurationTests {
    @Test("a full URL is parsed field by field")
    func fullURL() throws {
        let configuration = try PostgresBackend.Configuration(
            url: "postgresql://queue%40app:p%3Ass@db.example:6543/tasks?schema=q_1&sslmode=disable")
        #expect(configuration.host == "db.example")
        #expect(configuration.port == 6543)
        #expect(configuration.username == "queue@app")
        #expect(configuration.password == "p:ss")
        #expect(configuration.database == "tasks")
        #expect(configuration.schema == "q_1")
        #expect(configuration.tls == .disable)
    }

    @Test("defaults: port 5432, schema entroq, TLS preferred, no password, server-default database")
    func defaults() throws {
        let configuration = try PostgresBackend.Configuration(url: "postgres://medifor@127.0.0.1")
        #expect(configuration.port == 5432)
        #expect(configuration.schema == "entroq")
        #expect(configuration.tls == .prefer)
        #expect(configuration.password == nil)
        #expect(configuration.database == nil)
    }

    @Test("an IPv6 literal loses its brackets, and gets them back in the description")
    func ipv6() throws {
        let configuration = try PostgresBackend.Configuration(url: "postgres://u@[::1]:5433/d")
        #expect(configuration.host == "::1")
        #expect(configuration.description == "postgres://u@[::1]:5433/d?schema=entroq&sslmode=prefer")
    }

    @Test("the description hides the password")
    func redacted() throws {
        let configuration = try PostgresBackend.Configuration(url: "postgres://u:secret@h:1/d")
        #expect(!configuration.description.contains("secret"))
        #expect(configuration.description == "postgres://u:***@h:1/d?schema=entroq&sslmode=prefer")
    }

    @Test(
        "a bad URL is an invalid argument with a message that never repeats the password",
        arguments: [
            "", "not a url", "http://u:secret@h/d", "postgres://h/d", "postgres://u:secret@/d",
            "postgres://u:secret@h:99999/d", "postgres://u:secret@h/d/extra", "postgres://u:secret@h/d?schema=Bad-Name",
            "postgres://u:secret@h/d?schema=1abc", "postgres://u:secret@h/d?sslmode=sometimes",
            "postgres://u:secret@h/d?colour=blue",
            "postgres://u:secret@h/d?schema=" + String(repeating: "a", count: 58),
        ])
    func badURL(_ url: String) {
        do {
            _ = try PostgresBackend.Configuration(url: url)
            Issue.record("\(url) was accepted")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(!error.message.isEmpty && !error.message.contains("secret"))
        }
    }

    @Test(
        "schema names",
        arguments: [
            ("entroq", true), ("_x9", true), ("t_0123456789abcdef", true), (String(repeating: "a", count: 57), true),
            ("", false), ("9a", false), ("Upper", false), ("with-dash", false), ("a.b", false), ("\"q\"", false),
            (String(repeating: "a", count: 58), false),
        ])
    func schemaNames(_ name: String, _ isValid: Bool) {
        #expect(PostgresBackend.Configuration.isValidSchemaName(name) == isValid)
    }

    @Test("an invalid configuration is refused when the backend is made")
    func invalidBackend() {
        var configuration = PostgresBackend.Configuration(username: "u")
        configuration.schema = "drop table"
        #expect(throws: QueueError.self) { try PostgresBackend(configuration: configuration) }
    }

    @Test(
        "SQLSTATEs map to what a caller can do",
        arguments: [
            ("40001", StoreFailure.conflict), ("40P01", .conflict), ("08006", .unavailable), ("57P01", .unavailable),
            ("53300", .unavailable), ("22P05", .unstorable), ("57014", .cancelled), ("42P01", .internalError),
            ("23505", .internalError),
        ])
    func sqlStates(_ sqlState: String, _ failure: StoreFailure) {
        #expect(StoreFailure.classify(sqlState: sqlState) == failure)
    }
}
