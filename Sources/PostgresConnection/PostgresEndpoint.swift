import Foundation
public import PostgresNIO

/// How to reach a PostgreSQL server: host, port, credentials, database and TLS, parsed from a connection URL.
///
/// Shared by every Postgres adapter so that `postgres://…` means the same thing to the queue and to the results
/// store. The ``description`` never shows the password.
public struct PostgresEndpoint: Sendable, Hashable {
    /// How the connection uses TLS.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, plain TCP otherwise.
        case prefer
        /// TLS with full certificate and host name verification, or no connection.
        case require
    }

    /// A connection URL that cannot be used; the message never repeats the password.
    public struct URLError: Error, Hashable, Sendable {
        public var message: String
    }

    /// The server's host name or IP address.
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// The role to log in as.
    public var username: String
    /// The password, or `nil` for none (trust or peer authentication). Never logged.
    public var password: String?
    /// The database; `nil` means the server's default for ``username``.
    public var database: String?
    /// The `schema` URL parameter, if given.
    public var schema: String?
    /// Whether and how the connection is encrypted.
    public var tls: TLSMode

    /// Creates an endpoint.
    public init(
        host: String, port: Int = 5432, username: String, password: String? = nil, database: String? = nil,
        schema: String? = nil, tls: TLSMode = .prefer
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.schema = schema
        self.tls = tls
    }

    /// Parses `postgres://user:password@host:port/database?schema=name&sslmode=mode`.
    ///
    /// `postgresql://` works too. Port defaults to 5432, `sslmode` (`disable`, `prefer`, `require`; libpq's
    /// `allow` reads as `prefer`, `verify-ca` and `verify-full` as `require`) to `prefer`. User and password may be
    /// percent-encoded.
    ///
    /// - Throws: ``URLError`` naming what is wrong.
    public init(url: String) throws(URLError) {
        guard let components = URLComponents(string: url) else {
            throw URLError(message: "postgres URL is malformed; expected postgres://user:password@host:port/db")
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw URLError(message: "postgres URL must start with postgres:// or postgresql://")
        }
        guard var host = components.host, !host.isEmpty else { throw URLError(message: "postgres URL names no host") }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }  // IPv6
        guard let user = components.user, !user.isEmpty else { throw URLError(message: "postgres URL names no user") }
        self.init(host: host, port: components.port ?? 5432, username: user, password: components.password)
        guard (1...65535).contains(port) else { throw URLError(message: "postgres URL port is out of range") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        if path.contains("/") { throw URLError(message: "postgres URL path must be a single database name") }
        database = path.isEmpty ? nil : path
        for item in components.queryItems ?? [] {
            try apply(parameter: item.name, value: item.value ?? "")
        }
    }

    private mutating func apply(parameter name: String, value: String) throws(URLError) {
        switch name {
        case "schema":
            schema = value
        case "sslmode":
            switch value {
            case "disable": tls = .disable
            case "allow", "prefer": tls = .prefer
            case "require", "verify-ca", "verify-full": tls = .require
            default: throw URLError(message: "postgres URL sslmode must be disable, prefer or require")
            }
        default:
            throw URLError(message: "postgres URL parameter '\(name)' is not supported (use schema, sslmode)")
        }
    }

    /// Whether `name` is a lowercase ASCII identifier (`a-z`, `0-9`, `_`, not starting with a digit) of at most
    /// `maxLength` bytes: safe to splice into SQL as a schema name.
    public static func isValidIdentifier(_ name: String, maxLength: Int) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= maxLength else { return false }
        let letters = UInt8(ascii: "a")...UInt8(ascii: "z")
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        let underscore = UInt8(ascii: "_")
        let isStart = { (byte: UInt8) in letters.contains(byte) || byte == underscore }
        return isStart(first) && name.utf8.allSatisfy { isStart($0) || digits.contains($0) }
    }

    /// The driver's configuration for this endpoint.
    public func clientConfiguration(maximumConnections: Int, connectTimeout: Duration) -> PostgresClient.Configuration {
        let tlsConfiguration: PostgresClient.Configuration.TLS
        switch tls {
        case .disable: tlsConfiguration = .disable
        case .prefer: tlsConfiguration = .prefer(.makeClientConfiguration())
        case .require: tlsConfiguration = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tlsConfiguration)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = connectTimeout
        return configuration
    }

    /// The endpoint as a URL with the password replaced by `***` and the given schema.
    public func redactedURL(schema: String) -> String {
        let credentials = password == nil ? username : "\(username):***"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(credentials)@\(hostPart):\(port)/\(database ?? "")?schema=\(schema)&sslmode=\(tls.rawValue)"
    }
}
