import GRPCCore
import MediForStore

/// A failed Pipeline call: a gRPC status code and a message for the caller. Queue, store and media errors are
/// translated into it here, at the service boundary.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    /// The gRPC status code.
    public var code: RPCError.Code
    /// What went wrong, for a person.
    public var message: String

    /// Creates an error.
    public init(_ code: RPCError.Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The status for a refused media file.
    init(media error: MediaError) {
        switch error.code {
        case .notFound: self.init(.notFound, error.message)
        case .unreadable, .outsideRoot: self.init(.permissionDenied, error.message)
        case .invalid: self.init(.invalidArgument, error.message)
        case .tooLarge: self.init(.resourceExhausted, error.message)
        case .unwritable: self.init(.internalError, error.message)
        }
    }

    /// The status for a store error.
    init(store error: any Error) {
        guard let error = error as? StoreError else {
            self.init(.unavailable, "results store: \(error)")
            return
        }
        switch error.code {
        case .notFound: self.init(.notFound, error.message)
        case .invalidArgument: self.init(.invalidArgument, error.message)
        case .alreadyExists: self.init(.alreadyExists, error.message)
        case .unavailable: self.init(.unavailable, "results store unavailable: \(error.message)")
        default: self.init(.internalError, "results store: \(error.message)")
        }
    }

    /// The gRPC error sent to the client.
    public var rpcError: RPCError { RPCError(code: code, message: message) }

    public var description: String { "\(code): \(message)" }
}
