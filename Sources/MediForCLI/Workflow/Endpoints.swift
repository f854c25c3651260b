import ArgumentParser
import EntroQ
import EntroQService
import Foundation
import Logging
import MediForStore
import ServiceLifecycle

/// `HOST:PORT` (also `[v6]:PORT`), as taken by `--analytic-addr`, `--queue`, `--addr`.
package struct HostPort: Equatable, CustomStringConvertible {
    package var host: String
    package var port: Int

    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`; a bare `:port` means 127.0.0.1.
    package init(parsing text: String, what: String) throws {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port)
        else { throw ValidationError("\(what) must be HOST:PORT, got '\(text)'") }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host.isEmpty ? "127.0.0.1" : host
        self.port = port
    }

    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Where a role finds the task queue: a queue server (`HOST:PORT`, gRPC) or a backend opened in-process
/// (`sqlite:PATH`, `postgres:URL`, `memory`).
package enum QueueLocation: Equatable, CustomStringConvertible {
    case server(HostPort)
    case local(QueueBackendSpec)

    package init(parsing text: String) throws {
        if text == "memory" || text.hasPrefix("sqlite:") || text.hasPrefix("postgres") {
            self = .local(try QueueBackendSpec(parsing: text))
        } else {
            self = .server(try HostPort(parsing: text.replacingOccurrences(of: "grpc://", with: ""), what: "--queue"))
        }
    }

    package var description: String {
        switch self {
        case .server(let address): "grpc://\(address)"
        case .local(let spec): spec.description
        }
    }

    /// Opens the queue; the returned service (if any) must run for as long as the queue is used.
    func open(logger: Logger) throws -> (queue: any QueueBackend, service: (any Service)?) {
        switch self {
        case .server(let address):
            let client = try GRPCQueueClient(host: address.host, port: address.port)
            return (client, client)
        case .local(let spec):
            let backend = try QueueServer.makeBackend(spec, logger: logger)
            return (backend.queue, backend.service)
        }
    }
}

/// Where the results store lives: `sqlite:PATH` or a Postgres URL.
package enum StoreLocation: Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    package init(parsing text: String) throws {
        if text.hasPrefix("sqlite:") && text.count > "sqlite:".count {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else if text.hasPrefix("postgres:") && text.count > "postgres:".count {
            self = .postgres(url: String(text.dropFirst("postgres:".count)))
        } else {
            throw ValidationError("unknown results store '\(text)': use sqlite:PATH or postgres://…")
        }
    }

    package var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): "postgres:\(QueueBackendSpec.redacted(url))"
        }
    }

    /// Opens the store; the returned service (if any) must run for as long as the store is used.
    func open(logger: Logger) throws -> (store: any DetectionStore, service: (any Service)?) {
        switch self {
        case .sqlite(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return (try SQLiteDetectionStore(path: path, logger: logger), nil)
        case .postgres(let url):
            let store = try PostgresDetectionStore(configuration: try PostgresDetectionStore.Configuration(url: url),
                                                   logger: logger)
            return (store, store)
        }
    }
}
