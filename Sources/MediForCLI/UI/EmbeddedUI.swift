import EntroQ
import EntroQService
import Logging
import MediForUI
import MediForWorkflow
import ServiceLifecycle

/// The web UI inside `medifor serve`: it talks to serve's own Pipeline server over loopback gRPC (the same path
/// as in distributed mode) and reads queue depths from the in-process queue.
///
/// The UI is not essential to serve: if it cannot start (its port is taken, say), a warning is logged and the rest
/// of the system keeps running until shutdown.
struct EmbeddedUI: Service {
    let configuration: UIConfiguration
    /// Serve's Pipeline server, asked for its port when `pipelinePort` is 0.
    let pipeline: GRPCServerService?
    let pipelinePort: Int
    let queue: any QueueBackend
    let logger: Logger

    /// The Pipeline gRPC server among serve's services, if any.
    static func pipelineServer(in services: [any Service]) -> GRPCServerService? {
        services.lazy.compactMap { $0 as? GRPCServerService }.first
    }

    func run() async throws {
        do {
            var port = pipelinePort
            if port == 0, let pipeline, let bound = try await pipeline.listeningPort() { port = bound }
            let client = try WorkflowClient(host: "127.0.0.1", port: port, timeout: configuration.callTimeout)
            var configuration = configuration
            configuration.workflowAddress = "127.0.0.1:\(port)"
            let ui = try await UIServer.make(
                configuration: configuration, workflow: client,
                queueDepths: QueueDepths(queue: queue, queues: WorkflowQueues()), logger: logger)
            try await ui.run()
        } catch {
            logger.warning("the web UI is not running: \(error); everything else is (use --ui-port or --no-ui)")
            try await gracefulShutdown()
        }
    }
}
