/// An error from a queue operation.
///
/// The code is an opaque struct so new kinds can be added without breaking callers. Dependency errors carry
/// every failing item of the modification in ``failures``.
public struct QueueError: Error, Hashable, Sendable {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable { case dependency, invalidArgument, unavailable, cancelled, internalError }
        private let kind: Kind

        /// A modification's dependencies did not hold; nothing was committed.
        public static let dependency = Code(kind: .dependency)
        /// The request is malformed.
        public static let invalidArgument = Code(kind: .invalidArgument)
        /// The backend cannot be reached now; the request may be retried.
        public static let unavailable = Code(kind: .unavailable)
        /// The caller went away before the operation finished.
        public static let cancelled = Code(kind: .cancelled)
        /// Anything else; details are logged, not shown.
        public static let internalError = Code(kind: .internalError)

        public var description: String {
            switch kind {
            case .dependency: "dependency"
            case .invalidArgument: "invalid argument"
            case .unavailable: "unavailable"
            case .cancelled: "cancelled"
            case .internalError: "internal error"
            }
        }
    }

    public var code: Code
    /// A message safe to show a caller: no SQL, no paths, no driver errors.
    public var message: String
    /// For ``Code/dependency``: every failing item.
    public var failures: [DependencyFailure]

    /// Creates an error.
    public init(code: Code, message: String, failures: [DependencyFailure] = []) {
        self.code = code
        self.message = message
        self.failures = failures
    }

    /// A malformed request.
    public static func invalidArgument(_ message: String) -> QueueError {
        QueueError(code: .invalidArgument, message: message)
    }

    /// A failed modification listing every failing item.
    public static func dependency(_ failures: [DependencyFailure]) -> QueueError {
        QueueError(code: .dependency, message: "modification dependency error", failures: failures)
    }
}

extension QueueError: CustomStringConvertible {
    public var description: String {
        guard !failures.isEmpty else { return "\(code): \(message)" }
        return "\(code): \(message): " + failures.map(\.description).joined(separator: "; ")
    }
}

/// One failing item of a modification.
public struct DependencyFailure: Hashable, Sendable, CustomStringConvertible {
    /// Which part of the modification failed.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// An explicit insert id already exists.
        case insert = "INSERT"
        /// A depended-on task is missing or at another version.
        case depend = "DEPEND"
        /// A task to delete is missing or at another version.
        case delete = "DELETE"
        /// A task to change is missing or at another version.
        case change = "CHANGE"
        /// A task to change or delete is held by another claimant.
        case claim = "CLAIM"
    }

    public var kind: Kind
    public var id: TaskID
    public var message: String

    /// Creates a failure.
    public init(kind: Kind, id: TaskID, message: String = "") {
        self.kind = kind
        self.id = id
        self.message = message
    }

    public var description: String { "\(kind.rawValue) \(id.id)@\(id.version)" + (message.isEmpty ? "" : ": \(message)") }
}
