import ArgumentParser
import MediForCLI
import Testing

@Suite("medifor queue serve: flags and environment")
struct QueueServeParsingTests {
    private func parse(_ arguments: [String]) throws -> QueueServeCommand {
        let command = try MediForCommand.parseAsRoot(["queue", "serve"] + arguments)
        return try #require(command as? QueueServeCommand)
    }

    @Test("defaults match the original EntroQ ports")
    func defaults() throws {
        let config = try parse([]).resolve(environment: [:])
        #expect(config.backend == .memory)
        #expect(config.grpcPort == 37706)
        #expect(config.httpPort == 9100)
        #expect(config.host == "0.0.0.0")
    }

    @Test("a flag wins over its environment variable, which wins over the default")
    func precedence() throws {
        let environment = ["MEDIFOR_GRPC_PORT": "4000", "MEDIFOR_HTTP_PORT": "4001", "MEDIFOR_QUEUE_BACKEND": "sqlite:/tmp/q"]
        let fromEnvironment = try parse([]).resolve(environment: environment)
        #expect(fromEnvironment.grpcPort == 4000)
        #expect(fromEnvironment.httpPort == 4001)
        #expect(fromEnvironment.backend == .sqlite(path: "/tmp/q"))
        let fromFlags = try parse(["--grpc-port", "5000", "--backend", "memory"]).resolve(environment: environment)
        #expect(fromFlags.grpcPort == 5000)
        #expect(fromFlags.httpPort == 4001)
        #expect(fromFlags.backend == .memory)
    }

    @Test("bad settings name the setting", arguments: [
        (["--grpc-port", "70000"], [String: String](), "grpc-port"),
        ([], ["MEDIFOR_HTTP_PORT": "eighty"], "MEDIFOR_HTTP_PORT"),
        (["--backend", "redis://x"], [:], "unknown backend"),
        (["--backend", "sqlite:"], [:], "sqlite:PATH"),
    ])
    func invalid(arguments: [String], environment: [String: String], mention: String) throws {
        let command = try parse(arguments)
        do {
            _ = try command.resolve(environment: environment)
            Issue.record("expected a validation error")
        } catch let error as ValidationError {
            #expect(error.message.contains(mention), "\(error.message)")
        }
    }

    @Test("backend specs", arguments: [
        ("memory", QueueBackendSpec.memory),
        ("sqlite:data/q.sqlite", .sqlite(path: "data/q.sqlite")),
        ("postgres:postgres://u@h/db", .postgres(url: "postgres://u@h/db")),
        ("postgres://u:p@h:5/db?schema=s", .postgres(url: "postgres://u:p@h:5/db?schema=s")),
    ])
    func backendSpecs(text: String, expected: QueueBackendSpec) throws {
        #expect(try QueueBackendSpec(parsing: text) == expected)
    }

    @Test("passwords never appear in the logged backend")
    func redaction() throws {
        let spec = try QueueBackendSpec(parsing: "postgres://medifor:s3cret@db:5432/medifor")
        #expect(!spec.description.contains("s3cret"))
        #expect(spec.description.contains("medifor:***@db"))
    }
}
