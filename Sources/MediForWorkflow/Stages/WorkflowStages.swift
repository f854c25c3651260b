public import EntroQ
import Logging
public import ServiceLifecycle

/// Runs the workflow's internal stages as queue workers until graceful shutdown: `fanOutWorkers` × (fan-out,
/// fusion fan-out), `outboxWorkers` × (outbox, fusion outbox), and one fusion generator.
public struct WorkflowStages: Service {
    let workflow: Workflow

    /// Stages of `workflow`.
    public init(workflow: Workflow) { self.workflow = workflow }

    /// One stage: its queue and handler.
    struct Stage {
        var name: String
        var queue: String
        var handle: @Sendable (Workflow, EntroQTask) async throws -> WorkResult
    }

    var stages: [(Stage, Int)] {
        let queues = workflow.queues
        let settings = workflow.settings
        return [
            (Stage(name: "fan-out", queue: queues.detectionInbox) { try await $0.fanOut($1) }, settings.fanOutWorkers),
            (Stage(name: "outbox", queue: queues.detectionOutbox) { try await $0.storeAnalyticResult($1) },
             settings.outboxWorkers),
            (Stage(name: "fusion-generator", queue: queues.fusionGenInbox) { try await $0.generateFusion($1) }, 1),
            (Stage(name: "fusion-fan-out", queue: queues.fusionInbox) { try await $0.fanOutFusion($1) },
             settings.fanOutWorkers),
            (Stage(name: "fusion-outbox", queue: queues.fusionOutbox) { try await $0.storeFusionResult($1) },
             settings.outboxWorkers),
        ]
    }

    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for (stage, count) in stages {
                for index in 0..<max(count, 1) {
                    let worker = makeWorker(stage, index: index)
                    group.addTask { try await worker.run() }
                }
            }
        }
    }

    func makeWorker(_ stage: Stage, index: Int) -> QueueWorker {
        var configuration = QueueWorker.Configuration(queues: [stage.queue])
        configuration.leaseMs = workflow.settings.leaseMs
        configuration.pollMs = workflow.settings.pollMs
        configuration.maxAttempts = workflow.settings.maxStageAttempts
        configuration.retryDelayMs = workflow.settings.stageRetryDelayMs
        configuration.claimant = "workflow-\(stage.name)-\(index)-" + TaskIDGenerator.make().prefix(8)
        var logger = workflow.logger
        logger[metadataKey: "stage"] = "\(stage.name)"
        let workflow = self.workflow
        let handle = stage.handle
        let stageLogger = logger
        return QueueWorker(backend: workflow.queue, configuration: configuration, logger: logger) { task in
            do {
                return try await handle(workflow, task)
            } catch let failure as StageFailure {
                stageLogger.error("malformed task moved to the error queue", metadata: [
                    "entroq.task.id": "\(task.id)", "error.message": "\(failure.message)",
                ])
                throw WorkError.moveToErrorQueue(failure.message)
            } catch let error as WorkError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                stageLogger.warning("stage failed; will retry", metadata: [
                    "entroq.task.id": "\(task.id)", "error.message": "\(error)",
                ])
                throw WorkError.retry("\(error)")
            }
        }
    }
}
