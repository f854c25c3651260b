import GRPCCore
import Logging
import EntroQ
import MediForProto
import MediForStore

extension Workflow {
    /// `Pipeline.GetDetectionInfo`: the stored detection with a stage and status for every analytic (from the
    /// store, or the queue while pending), `fused_score` filled, and with `want_fused` one entry per fuser.
    ///
    /// - Throws: `NOT_FOUND` for an unknown id.
    public func detectionInfo(id: String, wantFused: Bool) async throws(PipelineError) -> Mediforproto_DetectionInfo {
        guard !id.isEmpty else { throw PipelineError(.invalidArgument, "no detection id given") }
        let stored: StoredDetection
        let fusionRows: [StoredFusion]
        do {
            stored = try await store.detection(id: id, wantFused: wantFused)
            fusionRows = wantFused ? try await store.fusions(detectionID: id) : []
        } catch let error as StoreError where error.code == .notFound {
            throw PipelineError(.notFound, "no detection \"\(id)\"")
        } catch {
            throw PipelineError(store: error)
        }
        var info = stored.info
        let now = (try? await queue.time()) ?? 0
        for index in info.analyticInfo.indices {
            let row = stored.analytics[index]
            if row.isFinished {
                info.analyticInfo[index].stage = .finished
                info.analyticInfo[index].status = row.detection.status.code == 0 ? .success : .failure
            } else {
                info.analyticInfo[index].stage = await pendingStage(
                    taskID: row.taskID, inbox: queues.analyticInbox(row.analyticID), now: now)
            }
        }
        if wantFused {
            info.fusionInfo = fusionInfo(rows: fusionRows)
            // Once every analytic has finished, a fusion that does not cover them all is about to be replaced.
            if stored.analytics.allSatisfy(\.isFinished) {
                let finished = Set(stored.analytics.map { Self.splitVersion($0.analyticID).0 })
                for index in info.fusionInfo.indices where info.fusionInfo[index].stage == .finished
                    && Set(info.fusionInfo[index].fusion.analyticNames) != finished
                {
                    info.fusionInfo[index].stage = .queued
                }
            }
        }
        // As in the list: a detection "has fused" when a successful fusion gives a score (not an opt-out).
        let score = info.fusionInfo.lazy.compactMap { $0.status == .success ? $0.fusion.fusedScore : nil }.first
        info.hasFused_p = score != nil
        info.fusedScore = score ?? 0
        return info
    }

    /// Where a pending task is: `QUEUED` in its inbox (or not yet fanned out), `CLAIMED` while an analytic works
    /// on it, `FINISHED` once its result waits in the outbox to be stored.
    private func pendingStage(taskID: String?, inbox: String, now: Int64) async -> Mediforproto_DetectionStage {
        guard let taskID,
            let task = try? await queue.tasks(TaskQuery(ids: [taskID], omitValues: true)).first
        else { return .queued }
        if task.queue != inbox { return .finished }
        return task.claims > 0 && task.atMs > now ? .claimed : .queued
    }

    /// Per fuser: a pending fusion covering more analytics than any finished one (a newer result is on its way);
    /// else the successful fusion covering most analytics; else the latest failure.
    private func fusionInfo(rows: [StoredFusion]) -> [Mediforproto_FuserFusionInfo] {
        var byFuser: [String: [StoredFusion]] = [:]
        for row in rows { byFuser[row.fuserID, default: []].append(row) }
        return byFuser.keys.sorted().map { fuser in
            let candidates = byFuser[fuser] ?? []
            var entry = Mediforproto_FuserFusionInfo()
            entry.fuserID = fuser
            let succeeded = candidates.filter { $0.finishedMs != nil && $0.fusion.status.code == 0 }
            let best = succeeded.max { ($0.analyticIDs.count, $0.finishedMs ?? 0) < ($1.analyticIDs.count, $1.finishedMs ?? 0) }
            let pending = candidates.filter { $0.finishedMs == nil }.max { $0.analyticIDs.count < $1.analyticIDs.count }
            if let pending, pending.analyticIDs.count > best?.analyticIDs.count ?? -1 {
                entry.fusion = pending.fusion
                entry.stage = .queued
            } else if let best {
                entry.fusion = best.fusion
                entry.stage = .finished
                entry.status = .success
            } else if let failed = candidates.last {
                entry.fusion = failed.fusion
                entry.stage = .finished
                entry.status = .failure
            }
            return entry
        }
    }

    /// `Pipeline.UpdateDetectionTags`, answering the updated detection.
    public func updateTags(_ request: Mediforproto_UpdateDetectionTagsRequest) async throws(PipelineError)
        -> Mediforproto_DetectionInfo
    {
        guard !request.detectionID.isEmpty else { throw PipelineError(.invalidArgument, "no detection id given") }
        do {
            try await store.updateUserTags(request)
        } catch let error as StoreError where error.code == .notFound {
            throw PipelineError(.notFound, "no detection \"\(request.detectionID)\"")
        } catch {
            throw PipelineError(store: error)
        }
        return try await detectionInfo(id: request.detectionID, wantFused: false)
    }

    /// `Pipeline.DeleteDetection`: removes the detection's rows in one transaction and cancels its pending queue
    /// tasks. Output files stay (they may be shared). Deleting an unknown id succeeds.
    public func deleteDetection(id: String) async throws(PipelineError) {
        guard !id.isEmpty else { throw PipelineError(.invalidArgument, "no detection id given") }
        var pending: [(String, String)] = []
        do {
            if let stored = try? await store.detection(id: id, wantFused: false) {
                pending = stored.analytics.compactMap { row in
                    row.taskID.map { (queues.analyticInbox(row.analyticID), $0) }
                }
            }
            _ = try await store.deleteDetection(id: id)
        } catch {
            throw PipelineError(store: error)
        }
        for (queueName, taskID) in pending {
            // A task an analytic holds right now cannot be deleted; its result is dropped (and logged) later.
            guard let task = try? await queue.tasks(TaskQuery(queue: queueName, ids: [taskID], omitValues: true)).first
            else { continue }
            _ = try? await queue.modify(Modification(claimant: Self.claimant, deletes: [task.taskID]))
        }
        logger.info("detection deleted", metadata: ["detection.id": "\(id)"])
    }

    /// `Pipeline.GetDetectionList`.
    public func list(_ request: Mediforproto_DetectionListRequest) async throws(PipelineError) -> Mediforproto_DetectionList {
        do {
            return try await store.list(request)
        } catch {
            throw PipelineError(store: error)
        }
    }

    /// `Pipeline.GetDetectionTagInfo`.
    public func tagInfo(_ request: Mediforproto_DetectionTagInfoRequest) async throws(PipelineError)
        -> Mediforproto_DetectionTagInfo
    {
        do {
            return try await store.tagInfo(request)
        } catch {
            throw PipelineError(store: error)
        }
    }
}

extension Mediforproto_Fusion {
    /// The fused detection score, when the response has one and does not opt out of detection.
    public var fusedScore: Double? {
        switch response {
        case .imgManip(let result):
            return result.optOut == .optOutAll || result.optOut == .optOutDetection ? nil : result.score
        case .vidManip(let result):
            return result.optOut.contains(.videoOptOutDetection) ? nil : result.score
        default:
            return nil
        }
    }
}
