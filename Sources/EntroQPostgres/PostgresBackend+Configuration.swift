import EntroQ
public import PostgresConnection
import PostgresNIO

extension PostgresBackend {
    /// Where the queue lives: server, credentials, database and schema.
    ///
    /// Build it field by field or from a URL (``init(url:)``). The ``description`` never shows the password, so the
    /// value can be logged as is.
    public struct Configuration: Sendable, Hashable {
        /// How the connection uses TLS.
        public typealias TLSMode = PostgresEndpoint.TLSMode

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
            let endpoint: PostgresEndpoint
            do {
                endpoint = try PostgresEndpoint(url: url)
            } catch {
                throw .invalidArgument(error.message)
            }
            self.init(
                host: endpoint.host, port: endpoint.port, username: endpoint.username, password: endpoint.password,
                database: endpoint.database, schema: endpoint.schema ?? "entroq", tls: endpoint.tls)
            try validate()
        }

        /// The server this configuration points at.
        var endpoint: PostgresEndpoint {
            PostgresEndpoint(
                host: host, port: port, username: username, password: password, database: database, schema: schema,
                tls: tls)
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
            PostgresEndpoint.isValidIdentifier(name, maxLength: maxSchemaLength)
        }

        /// The driver's configuration.
        var clientConfiguration: PostgresClient.Configuration {
            endpoint.clientConfiguration(maximumConnections: maximumConnections, connectTimeout: connectTimeout)
        }
    }
}

extension PostgresBackend.Configuration: CustomStringConvertible {
    /// The configuration as a URL with the password replaced by `***`.
    public var description: String { endpoint.redactedURL(schema: schema) }
}
