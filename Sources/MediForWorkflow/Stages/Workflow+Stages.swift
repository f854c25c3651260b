import SwiftProtobuf
import GRPCCore
import EntroQ
import Logging
import MediForProto
import MediForStore

/// The workflow's internal stages (workflow.md §7, §9–§11, §13). Each handles one claimed task and returns what
/// to do with it; ``WorkflowStages`` runs them as queue workers. A malformed task throws ``StageFailure`` and is
/// moved to `<queue>/err` with the reason; a store failure is retried with a delay, then moved aside.
extension Workflow {
    /// Detection fan-out: records the detection's rows and queues one task per analytic that has not finished.
    func fanOut(_ task: EntroQTask) async throws -> WorkResult {
        let detection = try TaskCodec.decode(Mediforproto_DetectionTask.self, from: task.value)
        guard !detection.id.isEmpty else { throw StageFailure("detection task has no id") }
        guard !detection.analyticID.isEmpty else { throw StageFailure("detection task \(detection.id) names no analytic") }
        switch detection.detection.request {
        case .imgManipReq, .vidManipReq: break
        default: throw StageFailure("detection task \(detection.id) has no image or video manipulation request")
        }
        let rows = newDetection(for: detection)
        let taskIDs = try await store.createDetection(rows)
        var inserts: [TaskData] = []
        for row in rows.analytics {
            guard let taskID = taskIDs[row.analyticID] ?? nil else { continue }
            var single = detection
            single.analyticID = [row.analyticID]
            single.detection = row.detection
            inserts.append(
                TaskData(queue: queues.analyticInbox(row.analyticID), value: try TaskCodec.value(single), id: taskID))
        }
        if inserts.isEmpty, !detection.fuserID.isEmpty, try await allFinished(detection.id) {
            // Every analytic had already finished (a resubmission): fuse again in case fusers were added.
            inserts.append(TaskData(queue: queues.fusionGenInbox, value: task.value))
        }
        return .delete(inserting: try await withoutExisting(inserts))
    }

    /// Detection outbox: stores an analytic's result once, and when it was the detection's last analytic, asks
    /// for fusion.
    func storeAnalyticResult(_ task: EntroQTask) async throws -> WorkResult {
        let detection = try TaskCodec.decode(Mediforproto_DetectionTask.self, from: task.value)
        guard detection.analyticID.count == 1, !detection.id.isEmpty else {
            throw StageFailure("finished detection task must name one detection and exactly one analytic")
        }
        let analytic = detection.analyticID[0]
        let outcome = try await store.recordAnalyticResult(
            detectionID: detection.id, analyticID: analytic, detection: detection.detection)
        var logger = self.logger
        logger[metadataKey: "detection.id"] = "\(detection.id)"
        logger[metadataKey: "analytic.id"] = "\(analytic)"
        switch outcome {
        case .recorded:
            logger.info("analytic result stored", metadata: ["status.code": "\(detection.detection.status.code)"])
        case .alreadyFinished:
            logger.info("duplicate analytic result ignored; the first one is kept")
            return .delete()
        case .notFound:
            logger.warning("analytic result for a deleted or unknown detection dropped")
            return .delete()
        }
        guard !detection.fuserID.isEmpty, try await allFinished(detection.id) else { return .delete() }
        return .delete(inserting: [TaskData(queue: queues.fusionGenInbox, value: task.value)])
    }

    /// Fusion generator: builds the fusion request from the detection's results and queues it for its fusers.
    func generateFusion(_ task: EntroQTask) async throws -> WorkResult {
        let detection = try TaskCodec.decode(Mediforproto_DetectionTask.self, from: task.value)
        guard !detection.id.isEmpty, !detection.fuserID.isEmpty else {
            throw StageFailure("fusion generation task must name a detection and at least one fuser")
        }
        let fusion: Mediforproto_Fusion?
        do {
            fusion = try await buildFusion(detectionID: detection.id, outDir: fusionOutDir)
        } catch let error as StoreError where error.code == .notFound {
            logger.warning("fusion skipped: detection deleted", metadata: ["detection.id": "\(detection.id)"])
            return .delete()
        }
        guard let fusion else { throw StageFailure("detection \(detection.id) has no finished analytic to fuse") }
        let fusionTask = Mediforproto_FusionTask.with {
            $0.fusion = fusion
            $0.fuserID = detection.fuserID
            $0.doneQueue = queues.fusionOutbox
            $0.tags = detection.tags
            $0.detectionID = detection.id
        }
        return .delete(inserting: [TaskData(queue: queues.fusionInbox, value: try TaskCodec.value(fusionTask))])
    }

    /// Fusion fan-out: records one pending fusion row per fuser and queues one task per fuser.
    func fanOutFusion(_ task: EntroQTask) async throws -> WorkResult {
        let fusionTask = try TaskCodec.decode(Mediforproto_FusionTask.self, from: task.value)
        guard !fusionTask.fuserID.isEmpty else { throw StageFailure("fusion task names no fuser") }
        guard !fusionTask.detectionID.isEmpty else { throw StageFailure("fusion task names no detection") }
        let analyticIDs = fusionTask.fusion.analyticNames
        var seen = Set<String>()
        let fusers = fusionTask.fuserID.filter { seen.insert($0).inserted }
        let rows = fusers.map { fuser in
            NewFusion(
                detectionID: fusionTask.detectionID, fuserID: fuser, analyticIDs: analyticIDs,
                fusion: perFuserFusion(fusionTask.fusion, fuser: fuser), taskID: TaskIDGenerator.make())
        }
        let taskIDs = try await store.createFusions(rows, tags: fusionTask.tags)
        var inserts: [TaskData] = []
        for row in rows {
            guard let taskID = taskIDs[row.fuserID] ?? nil else { continue }
            var single = fusionTask
            single.fuserID = [row.fuserID]
            single.fusion = row.fusion
            inserts.append(TaskData(queue: queues.fuserInbox(row.fuserID), value: try TaskCodec.value(single), id: taskID))
        }
        return .delete(inserting: try await withoutExisting(inserts))
    }

    /// Fusion outbox: stores a fuser's result once.
    func storeFusionResult(_ task: EntroQTask) async throws -> WorkResult {
        let fusionTask = try TaskCodec.decode(Mediforproto_FusionTask.self, from: task.value)
        guard fusionTask.fuserID.count == 1, !fusionTask.detectionID.isEmpty else {
            throw StageFailure("finished fusion task must name one detection and exactly one fuser")
        }
        let outcome = try await store.recordFusionResult(
            detectionID: fusionTask.detectionID, fuserID: fusionTask.fuserID[0],
            analyticIDs: fusionTask.fusion.analyticNames, fusion: fusionTask.fusion)
        let metadata: Logger.Metadata = [
            "detection.id": "\(fusionTask.detectionID)", "fuser.id": "\(fusionTask.fuserID[0])",
        ]
        switch outcome {
        case .recorded: logger.info("fusion result stored", metadata: metadata)
        case .alreadyFinished: logger.info("duplicate fusion result ignored", metadata: metadata)
        case .notFound: logger.warning("fusion result for a deleted or unknown detection dropped", metadata: metadata)
        }
        return .delete()
    }

    /// Whether every analytic row of a detection has its result.
    private func allFinished(_ detectionID: String) async throws -> Bool {
        do {
            return try await store.detection(id: detectionID, wantFused: false).analytics.allSatisfy(\.isFinished)
        } catch let error as StoreError where error.code == .notFound {
            return false
        }
    }

    /// The fusion request one fuser receives: `out_dir` suffixed with `/<fuser id>` unless configured otherwise.
    private func perFuserFusion(_ fusion: Mediforproto_Fusion, fuser: String) -> Mediforproto_Fusion {
        guard !settings.skipOutDirSuffix else { return fusion }
        var copy = fusion
        switch copy.request {
        case .imgManipReq(var request):
            request.outDir = Self.suffixed(request.outDir, fuser)
            copy.request = .imgManipReq(request)
        case .vidManipReq(var request):
            request.outDir = Self.suffixed(request.outDir, fuser)
            copy.request = .vidManipReq(request)
        default:
            break
        }
        return copy
    }
}

extension Mediforproto_Fusion {
    /// The sorted analytic names (without version) taking part: the key of a fusion row.
    var analyticNames: [String] {
        switch request {
        case .imgManipReq(let request): Array(Set(request.imgManip.map(\.id))).sorted()
        case .vidManipReq(let request): Array(Set(request.vidManip.map(\.id))).sorted()
        default: []
        }
    }
}
