import GRPCCore
import MediForProto
import SwiftProtobuf
import Synchronization

/// Serves `grpc.health.v1.Health`: `SERVING` for the empty service name and every registered name until
/// ``markNotServing()`` is called at the start of a graceful shutdown.
public final class HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol {
    private let serving = Mutex(true)
    private let services: Set<String>

    /// Creates a health service answering for `services` (and for the empty name).
    public init(services: [String]) {
        self.services = Set(services + [""])
    }

    /// Reports `NOT_SERVING` from now on.
    public func markNotServing() {
        serving.withLock { $0 = false }
    }

    public func check(request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext) async throws
        -> Grpc_Health_V1_HealthCheckResponse
    {
        guard services.contains(request.service) else {
            throw RPCError(code: .notFound, message: "unknown service \(request.service)")
        }
        return Grpc_Health_V1_HealthCheckResponse.with { $0.status = currentStatus }
    }

    public func watch(
        request: Grpc_Health_V1_HealthCheckRequest, response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>,
        context: ServerContext
    ) async throws {
        let status: Grpc_Health_V1_HealthCheckResponse.ServingStatus =
            services.contains(request.service) ? currentStatus : .serviceUnknown
        try await response.write(Grpc_Health_V1_HealthCheckResponse.with { $0.status = status })
        // The status only changes at shutdown, which ends the stream; hold it open until the caller leaves.
        while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
    }

    private var currentStatus: Grpc_Health_V1_HealthCheckResponse.ServingStatus {
        serving.withLock { $0 } ? .serving : .notServing
    }
}
