import ArgumentParser
import Foundation
import Logging
import MediForWorkflow
import ServiceLifecycle
import UnixSignals

/// Options shared by `medifor worker` and `medifor fusion-worker`.
struct WorkerOptions: ParsableArguments {
    @Option(help: "Queue: HOST:PORT of a queue server, or sqlite:PATH / postgres://… opened directly. [env: MEDIFOR_QUEUE, default: 127.0.0.1:37706]")
    var queue: String?

    @Option(help: "Tasks worked on at once. [env: MEDIFOR_WORKER_CONCURRENCY, default: 1]")
    var concurrency: Int?

    @Option(help: "Per-call deadline in seconds, unless the task sets one. [env: MEDIFOR_CALL_TIMEOUT, default: 300]")
    var timeout: Int?

    @Option(help: "Seconds an unreachable or overloaded server is retried before the task fails. [env: MEDIFOR_RETRY_BUDGET, default: 120]")
    var retryBudget: Int?

    @Option(help: "Record a failure once a task was claimed more than this many times (0 = never). [env: MEDIFOR_MAX_CLAIMS, default: 5]")
    var maxClaims: Int?

    @Option(help: "Lease of a claimed task in seconds, renewed at half while the call runs; a killed worker's task is redone after it. [env: MEDIFOR_LEASE_SECONDS, default: 30]")
    var leaseSeconds: Int?

    @Option(help: "Request paths CALLER:SERVER, e.g. /medifor/input:/mnt/medifor/input.")
    var xin: String?

    @Option(help: "Output paths CALLER:SERVER for out_dir (and back for response paths).")
    var xout: String?

    @Option(help: "Prefix of every queue name. [env: MEDIFOR_QUEUE_PREFIX, default: none]")
    var queuePrefix: String?

    @OptionGroup var logging: LoggingOptions

    /// Worker settings for `id` from the flags, environment and defaults.
    func settings(id: String, environment: [String: String]) throws -> WorkerSettings {
        let settings = try Settings(environment: environment)
        var worker = WorkerSettings(id: id)
        worker.concurrency = try settings.int(concurrency, env: "MEDIFOR_WORKER_CONCURRENCY", default: 1)
        worker.callTimeoutSeconds = try settings.int(timeout, env: "MEDIFOR_CALL_TIMEOUT", default: 300)
        worker.unavailableBudgetSeconds = try settings.int(retryBudget, env: "MEDIFOR_RETRY_BUDGET", default: 120)
        worker.maxClaims = Int32(clamping: try settings.int(maxClaims, env: "MEDIFOR_MAX_CLAIMS", default: 5))
        let lease = try settings.int(leaseSeconds, env: "MEDIFOR_LEASE_SECONDS", default: 30)
        guard lease >= 1 else { throw ValidationError("--lease-seconds must be at least 1") }
        worker.leaseMs = Int64(lease) * 1000
        worker.queues = WorkflowQueues(prefix: settings.string(queuePrefix, env: "MEDIFOR_QUEUE_PREFIX", default: ""))
        guard worker.concurrency >= 1, worker.callTimeoutSeconds >= 1, worker.unavailableBudgetSeconds >= 0 else {
            throw ValidationError("--concurrency and --timeout must be at least 1, --retry-budget at least 0")
        }
        do {
            worker.inputMapping = try xin.map(PathMapping.init(parsing:))
            worker.outputMapping = try xout.map(PathMapping.init(parsing:))
        } catch {
            throw ValidationError(error.message)
        }
        return worker
    }

    /// Runs a worker of `kind` until SIGTERM/SIGINT.
    func run(kind: RemoteWorkerService.Kind, id: String, address: String, fusionInput: String? = nil) async throws {
        let environment = ProcessInfo.processInfo.environment
        _ = Observability.bootstrap(level: try logging.level(environment: environment))
        let logger = Logger(label: "medifor.\(kind.rawValue)-worker")
        guard !id.isEmpty else { throw ValidationError("the \(kind.rawValue) id must not be empty") }
        let server = try HostPort(parsing: address, what: "--\(kind.rawValue)-addr")
        var worker = try settings(id: id, environment: environment)
        do {
            worker.fusionInputMapping = try fusionInput.map(PathMapping.init(parsing:))
        } catch {
            throw ValidationError(error.message)
        }
        let location = try QueueLocation(parsing: try Settings(environment: environment).string(
            queue, env: "MEDIFOR_QUEUE", default: "127.0.0.1:37706"))
        let (backend, queueService) = try location.open(logger: logger)
        let service = RemoteWorkerService(
            kind: kind, queue: backend, host: server.host, port: server.port, settings: worker, logger: logger)
        logger.info("starting \(kind.rawValue) worker", metadata: [
            "id": "\(id)", "server": "\(server)", "queue": "\(location)", "inbox": "\(service.inbox)",
        ])
        let group = ServiceGroup(
            configuration: .init(services: [queueService].compactMap { $0 } + [service],
                                 gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// `medifor worker`: the sidecar that feeds one analytic from its queue.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Claim one analytic's tasks from the queue and call its MediFor Analytic gRPC server.",
        discussion: """
            Claims from /task/detection/analytic/<id>/inbox, renews each task's lease while the call runs, and \
            moves the finished task (response, status, timing) to its done queue. An unreachable analytic is \
            retried with backoff for --retry-budget seconds before the task is recorded as failed.
            """
    )

    @Option(help: "The analytic id, as in the analytic configuration (e.g. ela_1.0).")
    var analyticId: String

    @Option(help: "HOST:PORT of the analytic's gRPC server.")
    var analyticAddr: String

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await options.run(kind: .analytic, id: analyticId, address: analyticAddr)
    }
}

/// `medifor fusion-worker`: the sidecar that feeds one fuser from its queue.
struct FusionWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fusion-worker",
        abstract: "Claim one fuser's tasks from the queue and call its MediFor Fuser gRPC server.",
        discussion: "Claims from /task/fusion/fuser/<id>/inbox; otherwise works like `medifor worker`."
    )

    @Option(help: "The fuser id, as in the analytic configuration.")
    var fuserId: String

    @Option(help: "HOST:PORT of the fuser's gRPC server.")
    var fuserAddr: String

    @Option(help: "Paths CALLER:SERVER inside the analytic results the fuser reads (e.g. masks).")
    var xfin: String?

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await options.run(kind: .fuser, id: fuserId, address: fuserAddr, fusionInput: xfin)
    }
}
