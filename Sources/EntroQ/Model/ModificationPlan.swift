/// The effect of a modification on a backend's stored tasks, computed once for every backend.
///
/// A backend looks up (and locks) the tasks the modification references, asks for a plan, and writes it:
/// delete ``deletes``, replace ``changed`` rows (matched by id), add ``inserted`` rows. Rules follow EntroQ:
/// every failing item is collected before anything is applied.
public struct ModificationPlan: Sendable, Hashable {
    /// Ids of tasks to delete.
    public var deletes: [String]
    /// New states of changed tasks, in change order.
    public var changed: [EntroQTask]
    /// New tasks, in insert order.
    public var inserted: [EntroQTask]
    /// Queues that received a task available at `now`: waiting claims there should wake.
    public var queuesToNotify: Set<String>

    /// Plans `modification` against the current stored state.
    ///
    /// - Parameters:
    ///   - modification: a validated modification.
    ///   - existing: the stored tasks among ``Modification/referencedIDs``, keyed by id.
    ///   - now: the server time in epoch milliseconds.
    ///   - makeID: generates ids for inserts that have none.
    /// - Throws: ``QueueError/Code/dependency`` listing every failing item.
    public init(
        _ modification: Modification, existing: [String: EntroQTask], now: Int64, makeID: () -> String
    ) throws(QueueError) {
        var failures: [DependencyFailure] = []
        let claimant = modification.claimant

        for insert in modification.inserts where !insert.id.isEmpty {
            if let found = existing[insert.id] {
                failures.append(.init(kind: .insert, id: found.taskID, message: "task id already exists"))
            }
        }
        for depend in modification.depends {
            if let found = existing[depend.id], found.version == depend.version { continue }
            failures.append(.init(kind: .depend, id: depend, message: Self.mismatch(existing[depend.id])))
        }
        for delete in modification.deletes {
            failures += Self.checkHeld(delete, kind: .delete, existing: existing, claimant: claimant, now: now)
        }
        for change in modification.changes {
            failures += Self.checkHeld(change.oldID, kind: .change, existing: existing, claimant: claimant, now: now)
        }
        if !failures.isEmpty { throw .dependency(failures) }

        deletes = modification.deletes.map(\.id)
        queuesToNotify = []
        changed = []
        changed.reserveCapacity(modification.changes.count)
        for change in modification.changes {
            guard var task = existing[change.oldID.id] else { continue }  // checked above
            let at = change.newData.arrival.resolved(now: now)
            if change.mode != .lease {
                task.queue = change.newData.queue
                task.value = change.newData.value
                task.attempt = change.newData.attempt
                task.err = change.newData.err
            }
            if change.mode == .resetClaims { task.claims = 0 }
            task.version &+= 1
            task.atMs = at
            task.claimant = at > now ? claimant : ""
            task.modifiedMs = now
            if at <= now { queuesToNotify.insert(task.queue) }
            changed.append(task)
        }
        inserted = []
        inserted.reserveCapacity(modification.inserts.count)
        for insert in modification.inserts {
            let at = insert.arrival.resolved(now: now)
            let task = EntroQTask(
                queue: insert.queue, id: insert.id.isEmpty ? makeID() : insert.id, version: 0, atMs: at,
                claimant: claimant, value: insert.value, createdMs: now, modifiedMs: now, claims: 0,
                attempt: insert.attempt, err: insert.err)
            if at <= now { queuesToNotify.insert(task.queue) }
            inserted.append(task)
        }
    }

    /// The response a committed plan produces.
    public var result: ModifyResult { ModifyResult(inserted: inserted, changed: changed) }

    private static func checkHeld(
        _ id: TaskID, kind: DependencyFailure.Kind, existing: [String: EntroQTask], claimant: String, now: Int64
    ) -> [DependencyFailure] {
        guard let found = existing[id.id], found.version == id.version else {
            return [.init(kind: kind, id: id, message: mismatch(existing[id.id]))]
        }
        if found.isHeld(byOtherThan: claimant, now: now) {
            return [.init(kind: .claim, id: id, message: "task is held by another claimant")]
        }
        return []
    }

    private static func mismatch(_ found: EntroQTask?) -> String {
        guard let found else { return "task not found" }
        return "task is at version \(found.version)"
    }
}

/// Generates task ids: 16 lowercase hexadecimal characters from a random 64-bit number.
public enum TaskIDGenerator {
    /// A fresh random id.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = String(generator.next() as UInt64, radix: 16)
        return String(repeating: "0", count: 16 - raw.count) + raw
    }
}
