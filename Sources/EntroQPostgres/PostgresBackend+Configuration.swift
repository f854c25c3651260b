import EntroQ
import Foundation
import PostgresNIO

extension PostgresBackend {
    /// Where the queue lives: server, credentials, database and schema.
    ///
    /// Build it field by field or from a URL (``init(url:)``). The ``description`` never shows the password, so the
    /// value can be logged as is.
    public struct Configuration: Sendable, Hashable {
        /// How the connection uses TLS.
        public enum TLSMode: String, Sendable, Hashable, CaseIterable {
            /// Plain TCP.
            case disable
            /// TLS when the server offers it, plain TCP otherwise.
            case prefer
            /// TLS with full certificate and host name verification, or no connection.
            case require
        }

        /// The longest schema name: the notification channel `<schema>_tasks` must fit Postgres' 63-byte limit.
        public static let maxSchemaLength = 57

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
        /// The schema holding the queue's tables: lowercase letters, digits and `_`, not starting with a digit.
        public var schema: String
        /// Whether and how the connection is encrypted.
        public var tls: TLSMode
        /// The most connections the pool opens, the notification listener's included.
        public var maximumConnections: Int
        /// How long opening one connection may take.
        public var connectTimeout: Duration
        /// The first wait before the notification listener reconnects; it doubles up to ``listenRetryMaxDelay``.
        public var listenRetryDelay: Duration
        /// The longest wait between reconnection attempts of the notification listener.
        public var listenRetryMaxDelay: Duration

        /// Creates a configuration.
        public init(
            host: String = "127.0.0.1", port: Int = 5432, username: String, password: String? = nil,
            database: String? = nil, schema: String = "entroq", tls: TLSMode = .prefer
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.schema = schema
            self.tls = tls
            self.maximumConnections = 20
            self.connectTimeout = .seconds(10)
            self.listenRetryDelay = .milliseconds(100)
            self.listenRetryMaxDelay = .seconds(5)
        }

        /// Parses `postgres://user:password@host:port/database?schema=name&sslmode=mode`.
        ///
        /// `postgresql://` works too. Port defaults to 5432, schema to `entroq`, `sslmode` (`disable`, `prefer`,
        /// `require`; libpq's `allow` reads as `prefer`, `verify-ca` and `verify-full` as `require`) to `prefer`.
        /// User and password may be percent-encoded.
        ///
        /// - Throws: ``QueueError/Code/invalidArgument`` naming what is wrong; the message never repeats the
        ///   password.
        public init(url: String) throws(QueueError) {
            guard let components = URLComponents(string: url) else {
                throw .invalidArgument("postgres URL is malformed; expected postgres://user:password@host:port/db")
            }
            guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
                throw .invalidArgument("postgres URL must start with postgres:// or postgresql://")
            }
            guard var host = components.host, !host.isEmpty else {
                throw .invalidArgument("postgres URL names no host")
            }
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }  // IPv6
            guard let user = components.user, !user.isEmpty else {
                throw .invalidArgument("postgres URL names no user")
            }
            self.init(host: host, port: components.port ?? 5432, username: user, password: components.password)
            guard (1...65535).contains(port) else { throw .invalidArgument("postgres URL port is out of range") }
            let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
            if path.contains("/") { throw .invalidArgument("postgres URL path must be a single database name") }
            database = path.isEmpty ? nil : path
            for item in components.queryItems ?? [] {
                try apply(parameter: item.name, value: item.value ?? "")
            }
            try validate()
        }

        /// Checks the fields that become SQL identifiers or pool limits.
        ///
        /// - Throws: ``QueueError/Code/invalidArgument`` for a bad schema name or limit.
        public func validate() throws(QueueError) {
            guard Self.isValidSchemaName(schema) else {
                let rule = "1-\(Self.maxSchemaLength) characters of a-z, 0-9 and _, not starting with a digit"
                throw .invalidArgument("schema name must be \(rule)")
            }
            if maximumConnections < 2 {
                throw .invalidArgument("maximumConnections must be at least 2 (one is held by the listener)")
            }
        }

        /// Whether `name` can be used as the schema: lowercase ASCII identifier, short enough for the channel name.
        public static func isValidSchemaName(_ name: String) -> Bool {
            guard let first = name.utf8.first, name.utf8.count <= maxSchemaLength else { return false }
            let letters = UInt8(ascii: "a")...UInt8(ascii: "z")
            let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
            let underscore = UInt8(ascii: "_")
            let isStart = { (byte: UInt8) in letters.contains(byte) || byte == underscore }
            return isStart(first) && name.utf8.allSatisfy { isStart($0) || digits.contains($0) }
        }

        private mutating func apply(parameter name: String, value: String) throws(QueueError) {
            switch name {
            case "schema":
                schema = value
            case "sslmode":
                switch value {
                case "disable": tls = .disable
                case "allow", "prefer": tls = .prefer
                case "require", "verify-ca", "verify-full": tls = .require
                default: throw .invalidArgument("postgres URL sslmode must be disable, prefer or require")
                }
            default:
                throw .invalidArgument("postgres URL parameter '\(name)' is not supported (use schema, sslmode)")
            }
        }

        /// The driver's configuration.
        var clientConfiguration: PostgresClient.Configuration {
            let tlsConfiguration: PostgresClient.Configuration.TLS
            switch tls {
            case .disable: tlsConfiguration = .disable
            case .prefer: tlsConfiguration = .prefer(.makeClientConfiguration())
            case .require: tlsConfiguration = .require(.makeClientConfiguration())
            }
            var configuration = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database,
                tls: tlsConfiguration)
            configuration.options.maximumConnections = maximumConnections
            configuration.options.connectTimeout = connectTimeout
            return configuration
        }
    }
}

extension PostgresBackend.Configuration: CustomStringConvertible {
    /// The configuration as a URL with the password replaced by `***`.
    public var description: String {
        let credentials = password == nil ? username : "\(username):***"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let parameters = "schema=\(schema)&sslmode=\(tls.rawValue)"
        return "postgres://\(credentials)@\(hostPart):\(port)/\(database ?? "")?\(parameters)"
    }
}
