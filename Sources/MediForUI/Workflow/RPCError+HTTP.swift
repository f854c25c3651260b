import GRPCCore
import HTTPTypes
import Hummingbird

extension RPCError {
    /// The HTTP status that tells a browser the same thing as this gRPC status.
    var httpStatus: HTTPResponse.Status {
        switch code {
        case .notFound: .notFound
        case .invalidArgument, .outOfRange: .badRequest
        case .failedPrecondition: .conflict
        case .alreadyExists: .conflict
        case .permissionDenied, .unauthenticated: .forbidden
        case .resourceExhausted: .contentTooLarge
        case .unimplemented: .notImplemented
        case .deadlineExceeded: .gatewayTimeout
        case .unavailable, .cancelled: .serviceUnavailable
        default: .badGateway
        }
    }

    /// The error a route throws: the mapped status and the workflow's message.
    var httpError: HTTPError {
        let prefix = httpStatus.code >= 500 ? "the workflow did not answer: " : ""
        return HTTPError(httpStatus, message: prefix + message)
    }
}

/// Runs a workflow call, turning a gRPC failure into the matching HTTP error.
func callingWorkflow<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as RPCError {
        throw error.httpError
    }
}
