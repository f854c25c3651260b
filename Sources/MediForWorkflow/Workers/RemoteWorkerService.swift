public import EntroQ
import GRPCCore
import GRPCNIOTransportHTTP2
public import Logging
import MediForProto
public import ServiceLifecycle

/// An analytic worker (`medifor worker`) or fusion worker (`medifor fusion-worker`): claims the tasks of one
/// analytic or fuser from the queue and calls its gRPC server, `concurrency` tasks at a time, renewing each lease
/// while the call runs. Stops claiming on graceful shutdown and lets running calls finish; a worker killed
/// mid-task loses nothing, because the task's lease expires and another worker redoes it.
public struct RemoteWorkerService: Service {
    /// Which kind of server the worker calls.
    public enum Kind: String, Sendable {
        case analytic
        case fuser
    }

    let kind: Kind
    let queue: any QueueBackend
    let host: String
    let port: Int
    let settings: WorkerSettings
    let logger: Logger

    /// A worker of `kind` for the server at `host:port` (a name or an IPv4/IPv6 address).
    public init(kind: Kind, queue: any QueueBackend, host: String, port: Int, settings: WorkerSettings, logger: Logger) {
        self.kind = kind
        self.queue = queue
        self.host = host
        self.port = port
        self.settings = settings
        var logger = logger
        logger[metadataKey: "\(kind.rawValue).id"] = "\(settings.id)"
        self.logger = logger
    }

    /// The queue this worker claims from.
    public var inbox: String {
        kind == .analytic ? settings.queues.analyticInbox(settings.id) : settings.queues.fuserInbox(settings.id)
    }

    public func run() async throws {
        var config = HTTP2ClientTransport.Posix.Config.defaults
        config.backoff.initial = .milliseconds(100)
        config.backoff.max = .seconds(2)
        config.http2.maxFrameSize = 1 << 20
        let transport = try HTTP2ClientTransport.Posix(
            target: .dns(host: host, port: port), transportSecurity: .plaintext, config: config)
        logger.info("worker started", metadata: ["queue": "\(inbox)", "server": "\(host):\(port)"])
        try await withGRPCClient(transport: transport) { client in
            let handle: @Sendable (EntroQTask) async throws -> WorkResult
            switch kind {
            case .analytic:
                let job = AnalyticJob(settings: settings, analytic: Mediforproto_Analytic.Client(wrapping: client),
                                      logger: logger)
                handle = { try await job.handle($0) }
            case .fuser:
                let job = FuserJob(settings: settings, fuser: Mediforproto_Fuser.Client(wrapping: client), logger: logger)
                handle = { try await job.handle($0) }
            }
            try await withThrowingDiscardingTaskGroup { group in
                for index in 0..<max(settings.concurrency, 1) {
                    let worker = makeWorker(index: index, handle: handle)
                    group.addTask {
                        do {
                            try await worker.run()
                        } catch is CancellationError {
                            // Stopped mid-task during shutdown: the task's lease expires and another worker redoes it.
                        }
                    }
                }
            }
        }
        logger.info("worker stopped")
    }

    private func makeWorker(index: Int, handle: @escaping @Sendable (EntroQTask) async throws -> WorkResult)
        -> QueueWorker
    {
        var configuration = QueueWorker.Configuration(queues: [inbox])
        configuration.leaseMs = settings.leaseMs
        configuration.pollMs = settings.pollMs
        configuration.claimant = "\(kind.rawValue)-\(settings.id)-\(index)-" + TaskIDGenerator.make().prefix(8)
        let logger = self.logger
        return QueueWorker(backend: queue, configuration: configuration, logger: logger) { task in
            do {
                return try await handle(task)
            } catch let failure as StageFailure {
                logger.error("malformed task moved to the error queue", metadata: [
                    "entroq.task.id": "\(task.id)", "error.message": "\(failure.message)",
                ])
                throw WorkError.moveToErrorQueue(failure.message)
            }
        }
    }
}
