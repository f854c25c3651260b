/// One atomic batch of inserts, changes, deletes and dependency checks.
///
/// Either every part happens and every dependency holds, or nothing is committed.
public struct Modification: Sendable, Hashable {
    /// Who modifies: becomes the claimant of inserted tasks and of tasks leased into the future.
    public var claimant: String
    public var inserts: [TaskData]
    public var changes: [TaskChange]
    public var deletes: [TaskID]
    public var depends: [TaskID]

    /// Creates a modification.
    public init(
        claimant: String, inserts: [TaskData] = [], changes: [TaskChange] = [], deletes: [TaskID] = [],
        depends: [TaskID] = []
    ) {
        self.claimant = claimant
        self.inserts = inserts
        self.changes = changes
        self.deletes = deletes
        self.depends = depends
    }

    /// Whether the modification names no operation at all.
    public var isEmpty: Bool { inserts.isEmpty && changes.isEmpty && deletes.isEmpty && depends.isEmpty }

    /// Every task id the modification must look up before it can be applied.
    public var referencedIDs: [String] {
        var seen = Set<String>()
        var ids: [String] = []
        let all = changes.map(\.oldID.id) + deletes.map(\.id) + depends.map(\.id) + inserts.map(\.id)
        for id in all where !id.isEmpty && seen.insert(id).inserted { ids.append(id) }
        return ids
    }
}

/// What a committed modification produced.
public struct ModifyResult: Sendable, Hashable {
    /// Inserted tasks, in insert order.
    public var inserted: [EntroQTask]
    /// Changed tasks, in change order.
    public var changed: [EntroQTask]

    /// Creates a result.
    public init(inserted: [EntroQTask] = [], changed: [EntroQTask] = []) {
        self.inserted = inserted
        self.changed = changed
    }
}
