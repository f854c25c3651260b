import EntroQService
import Logging
import MediForWorkflow
import ServiceLifecycle

/// The composition of the workflow role: the Pipeline gRPC server (both package names, plus health) and the
/// internal stages, over a ``Workflow``.
enum WorkflowServer {
    /// The services to run, in start order.
    static func makeServices(_ workflow: Workflow, host: String, port: Int, logger: Logger) -> [any Service] {
        let grpc = GRPCServerService(
            host: host, port: port,
            services: [PipelineService(workflow: workflow), LegacyPipelineService(workflow: workflow)],
            health: HealthService(services: ["mediforproto.Pipeline", "workflowproto.Pipeline"]),
            maxMessageBytes: 64 << 20, logger: logger)
        return [WorkflowStages(workflow: workflow), grpc]
    }

    /// Loads the analytic catalogue, failing with a message that names the file.
    static func loadCatalog(_ path: String?) throws -> AnalyticCatalog {
        guard let path, !path.isEmpty else { return .empty }
        do {
            return try AnalyticCatalog.load(path: path)
        } catch {
            throw CLIError("analytic configuration: \(error.message)")
        }
    }
}

/// A startup error printed as one line, without a stack.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
