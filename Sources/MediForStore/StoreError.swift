/// A failure of a ``DetectionStore`` operation, safe to show a caller.
///
/// The message never contains SQL, file paths or driver text; those details are logged by the store at `debug`
/// or `info`. New codes may be added: switch over ``code`` with a default.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a caller can act on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case notFound, invalidArgument, alreadyExists, unavailable, internalError
        }

        private let kind: Kind

        /// The detection (or row) does not exist.
        public static let notFound = Code(kind: .notFound)
        /// The request is malformed (bad page token, SCORE sort without a fuser, invalid stored JSON, ...).
        public static let invalidArgument = Code(kind: .invalidArgument)
        /// The row exists and the operation does not allow that.
        public static let alreadyExists = Code(kind: .alreadyExists)
        /// The database cannot be reached, is locked or the store is not running: retrying may help.
        public static let unavailable = Code(kind: .unavailable)
        /// Anything else; details are in the store's log.
        public static let internalError = Code(kind: .internalError)

        public var description: String { kind.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A caller-safe explanation.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// An ``Code/invalidArgument`` error.
    public static func invalidArgument(_ message: String) -> StoreError {
        StoreError(code: .invalidArgument, message: message)
    }

    /// A ``Code/notFound`` error.
    public static func notFound(_ message: String) -> StoreError { StoreError(code: .notFound, message: message) }
}
