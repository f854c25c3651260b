public import EntroQ
internal import GRDB

extension SQLiteBackend {
    /// Applies a modification in one write transaction: every part happens and every dependency holds, or
    /// nothing is written.
    ///
    /// After the commit, blocking claims waiting on queues that received available tasks are woken.
    ///
    /// - Throws: ``QueueError/Code/invalidArgument`` for a malformed modification,
    ///   ``QueueError/Code/dependency`` listing every failing item, or a store error.
    public func modify(_ modification: Modification) async throws(QueueError) -> ModifyResult {
        try modification.validate()
        let clock = self.clock
        let plan = try await withStore("modify") {
            try await pool.write { db -> ModificationPlan in
                let now = clock.nowMs()
                let referenced = modification.referencedIDs
                let existing = try TaskRecord.fetch(ids: referenced, in: db)
                let plan = try ModificationPlan(
                    modification, existing: existing, now: now, makeID: TaskIDGenerator.make)
                try Self.checkGeneratedIDs(of: plan, referenced: Set(referenced), in: db)
                for id in plan.deletes { try TaskRecord.delete(id: id, in: db) }
                for task in plan.changed { try TaskRecord.update(task, in: db) }
                for task in plan.inserted { try TaskRecord.insert(task, into: db) }
                return plan
            }
        }
        notifier.notify(all: plan.queuesToNotify)
        return plan.result
    }

    /// Refuses the plan if a generated insert id is already stored.
    ///
    /// That happens only with negligible probability; reporting it as an insert collision (as the memory
    /// backend does) beats a constraint failure.
    private static func checkGeneratedIDs(
        of plan: ModificationPlan, referenced: Set<String>, in db: Database
    ) throws {
        let generated = plan.inserted.filter { !referenced.contains($0.id) }
        let stored = try TaskRecord.fetch(ids: generated.map(\.id), omitValues: true, in: db)
        let failures = generated.compactMap { task in
            stored[task.id].map { DependencyFailure(kind: .insert, id: $0.taskID, message: "task id already exists") }
        }
        if !failures.isEmpty { throw QueueError.dependency(failures) }
    }
}
