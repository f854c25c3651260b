import EntroQ
import EntroQProto
import GRPCCore
import GRPCProtobuf
import SwiftProtobuf

extension QueueError: RPCErrorConvertible {
    /// Dependency failures are NOT_FOUND, as EntroQ clients expect; everything else maps by kind.
    public var rpcErrorCode: RPCError.Code {
        switch code {
        case .dependency: .notFound
        case .invalidArgument: .invalidArgument
        case .unavailable: .unavailable
        case .cancelled: .cancelled
        default: .internalError
        }
    }

    public var rpcErrorMessage: String { message }

    /// Dependency failures carry one `api.ModifyDep` detail per failing item after a DETAIL entry, packed in a
    /// `google.rpc.Status` under `grpc-status-details-bin`.
    public var rpcErrorMetadata: Metadata {
        guard code == .dependency else { return [:] }
        return GoogleRPCStatus(code: .notFound, message: message, details: modifyDepDetails).rpcErrorMetadata
    }

    private var modifyDepDetails: [ErrorDetails] {
        var deps = [Api_ModifyDep.with { $0.type = .detail; $0.msg = message }]
        for failure in failures {
            deps.append(Api_ModifyDep.with {
                $0.type = failure.kind.actionType
                $0.id = failure.id.proto
                $0.msg = failure.message
            })
        }
        return deps.compactMap { dep in (try? Google_Protobuf_Any(message: dep)).map(ErrorDetails.any) }
    }

    /// The queue error an RPC error from an EntroQ server stands for.
    init(rpcError error: RPCError) {
        switch error.code {
        case .notFound:
            let details = (try? error.unpackGoogleRPCStatus())?.details ?? []
            let failures = details.compactMap { detail -> DependencyFailure? in
                guard let any = detail.any, let dep = try? Api_ModifyDep(unpackingAny: any),
                    let kind = DependencyFailure.Kind(actionType: dep.type)
                else { return nil }
                return DependencyFailure(kind: kind, id: TaskID(proto: dep.id), message: dep.msg)
            }
            self = .dependency(failures)
        case .invalidArgument: self = .invalidArgument(error.message)
        case .unavailable, .deadlineExceeded: self = QueueError(code: .unavailable, message: error.message)
        case .cancelled: self = QueueError(code: .cancelled, message: error.message)
        default: self = QueueError(code: .internalError, message: error.message)
        }
    }
}

extension DependencyFailure.Kind {
    var actionType: Api_ActionType {
        switch self {
        case .insert: .insert
        case .depend: .depend
        case .delete: .delete
        case .change: .change
        case .claim: .claim
        }
    }

    init?(actionType: Api_ActionType) {
        switch actionType {
        case .insert: self = .insert
        case .depend: self = .depend
        case .delete: self = .delete
        case .change: self = .change
        case .claim: self = .claim
        default: return nil
        }
    }
}
