extension Modification {
    /// Limits that keep identifiers storable in every backend.
    public static let maxIdentifierLength = 64

    /// Checks the request's shape before any backend looks at it.
    ///
    /// - Throws: ``QueueError/Code/invalidArgument`` naming the first problem found.
    public func validate() throws(QueueError) {
        if isEmpty { throw .invalidArgument("modification names no operation") }
        try Self.checkIdentifier(claimant, what: "claimant id")
        var touched = Set<String>()
        for change in changes {
            try Self.checkIdentifier(change.oldID.id, what: "changed task id", required: true)
            guard touched.insert(change.oldID.id).inserted else {
                throw .invalidArgument("task \(change.oldID.id) appears more than once among changes and deletes")
            }
            switch change.mode {
            case .full, .resetClaims:
                if change.newData.queue.isEmpty {
                    throw .invalidArgument("change of task \(change.oldID.id) names no destination queue")
                }
            case .lease:
                let data = change.newData
                if data.value != nil || data.attempt != 0 || !data.err.isEmpty || !data.id.isEmpty {
                    throw .invalidArgument("a lease change of task \(change.oldID.id) may set only its arrival")
                }
            }
        }
        for delete in deletes {
            try Self.checkIdentifier(delete.id, what: "deleted task id", required: true)
            guard touched.insert(delete.id).inserted else {
                throw .invalidArgument("task \(delete.id) appears more than once among changes and deletes")
            }
        }
        for depend in depends {
            try Self.checkIdentifier(depend.id, what: "depended-on task id", required: true)
        }
        var insertIDs = Set<String>()
        for insert in inserts {
            if insert.queue.isEmpty { throw .invalidArgument("insert names no queue") }
            try Self.checkIdentifier(insert.id, what: "inserted task id")
            guard insert.id.isEmpty || (insertIDs.insert(insert.id).inserted && !touched.contains(insert.id)) else {
                throw .invalidArgument("task id \(insert.id) appears more than once in the modification")
            }
        }
    }

    static func checkIdentifier(_ value: String, what: String, required: Bool = false) throws(QueueError) {
        if required && value.isEmpty { throw .invalidArgument("\(what) is empty") }
        if value.utf8.count > maxIdentifierLength {
            throw .invalidArgument("\(what) is longer than \(maxIdentifierLength) bytes")
        }
    }
}

extension ClaimRequest {
    /// The lease used when a request asks for none.
    public static let defaultDurationMs: Int64 = 30_000
    /// The wait between looks of a blocking claim when a request asks for none.
    public static let defaultPollMs: Int64 = 30_000
    /// The longest lease or poll interval a request may ask for: one year.
    public static let maximumMs: Int64 = 365 * 24 * 3600 * 1000

    /// The request with defaults filled in, after checking its shape.
    ///
    /// - Throws: ``QueueError/Code/invalidArgument`` for an empty claimant or queue list, or negative times.
    public func validated() throws(QueueError) -> ClaimRequest {
        if claimant.isEmpty { throw .invalidArgument("claim names no claimant id") }
        try Modification.checkIdentifier(claimant, what: "claimant id")
        if queues.isEmpty { throw .invalidArgument("claim names no queue") }
        if queues.contains(where: \.isEmpty) { throw .invalidArgument("claim names an empty queue") }
        if durationMs < 0 { throw .invalidArgument("claim duration is negative") }
        if pollMs < 0 { throw .invalidArgument("claim poll interval is negative") }
        if durationMs > Self.maximumMs { throw .invalidArgument("claim duration is longer than a year") }
        if pollMs > Self.maximumMs { throw .invalidArgument("claim poll interval is longer than a year") }
        var request = self
        if request.durationMs == 0 { request.durationMs = Self.defaultDurationMs }
        if request.pollMs == 0 { request.pollMs = Self.defaultPollMs }
        return request
    }
}
