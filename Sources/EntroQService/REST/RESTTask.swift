import EntroQ

/// `api.TaskID` in proto3 JSON.
struct RESTTaskID: Codable, Hashable {
    var id: String
    var version: Int32
    var queue: String

    init(_ id: TaskID) {
        self.id = id.id
        version = id.version
        queue = id.queue
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: RESTKey.self)
        id = try container.string("id")
        version = try container.int32("version")
        queue = try container.string("queue")
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RESTKey.self)
        try container.encode(id, forKey: "id")
        try container.encode(version, forKey: "version")
        try container.encode(queue, forKey: "queue")
    }

    var model: TaskID { TaskID(id: id, version: version, queue: queue) }
}

/// `api.Task` in proto3 JSON: every field emitted, int64 times as strings, `"value": null` when unset.
struct RESTTask: Codable, Hashable {
    var model: EntroQTask

    init(_ task: EntroQTask) { model = task }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: RESTKey.self)
        model = EntroQTask(
            queue: try container.string("queue"), id: try container.string("id"),
            version: try container.int32("version"), atMs: try container.int64("atMs") ?? 0,
            claimant: try container.string("claimantId"), value: try container.field(JSONValue.self, "value"),
            createdMs: try container.int64("createdMs") ?? 0, modifiedMs: try container.int64("modifiedMs") ?? 0,
            claims: try container.int32("claims"), attempt: try container.int32("attempt"),
            err: try container.string("err"))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RESTKey.self)
        try container.encode(model.queue, forKey: "queue")
        try container.encode(model.id, forKey: "id")
        try container.encode(model.version, forKey: "version")
        try container.encode(RESTInt64(model.atMs), forKey: "atMs")
        try container.encode(model.claimant, forKey: "claimantId")
        try container.encodeValue(model.value, forKey: "value")
        try container.encode(RESTInt64(model.createdMs), forKey: "createdMs")
        try container.encode(RESTInt64(model.modifiedMs), forKey: "modifiedMs")
        try container.encode(model.claims, forKey: "claims")
        try container.encode(model.attempt, forKey: "attempt")
        try container.encode(model.err, forKey: "err")
    }
}

/// `api.QueueStats` in proto3 JSON.
struct RESTQueueStats: Codable, Hashable {
    var model: QueueStats

    init(_ stats: QueueStats) { model = stats }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: RESTKey.self)
        model = QueueStats(
            name: try container.string("name"), numTasks: Int(try container.int32("numTasks")),
            numClaimed: Int(try container.int32("numClaimed")), numAvailable: Int(try container.int32("numAvailable")),
            numFuture: Int(try container.int32("numFuture")), maxClaims: Int(try container.int32("maxClaims")))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RESTKey.self)
        try container.encode(model.name, forKey: "name")
        try container.encode(Self.int32(model.numTasks), forKey: "numTasks")
        try container.encode(Self.int32(model.numClaimed), forKey: "numClaimed")
        try container.encode(Self.int32(model.numAvailable), forKey: "numAvailable")
        try container.encode(Self.int32(model.maxClaims), forKey: "maxClaims")
        try container.encode(Self.int32(model.numFuture), forKey: "numFuture")
    }

    /// Counters are int32 on the wire; a larger count saturates rather than trapping.
    private static func int32(_ count: Int) -> Int32 { Int32(clamping: count) }
}

/// `api.ClaimResponse`: `{"task": null}` when nothing was claimed.
struct RESTClaimResponse: Codable {
    var task: RESTTask?

    init(task: EntroQTask?) { self.task = task.map(RESTTask.init) }

    init(from decoder: any Decoder) throws {
        task = try decoder.container(keyedBy: RESTKey.self).field(RESTTask.self, "task")
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RESTKey.self)
        if let task { try container.encode(task, forKey: "task") } else { try container.encodeNil(forKey: "task") }
    }
}

/// `api.ModifyResponse`; the doc lists are always empty (no doc store).
struct RESTModifyResponse: Codable {
    var inserted: [RESTTask]
    var changed: [RESTTask]

    init(_ result: ModifyResult) {
        inserted = result.inserted.map(RESTTask.init)
        changed = result.changed.map(RESTTask.init)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: RESTKey.self)
        inserted = try container.list(RESTTask.self, "inserted")
        changed = try container.list(RESTTask.self, "changed")
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RESTKey.self)
        try container.encode(inserted, forKey: "inserted")
        try container.encode(changed, forKey: "changed")
        try container.encode([RESTTask](), forKey: "insertedDocs")
        try container.encode([RESTTask](), forKey: "changedDocs")
    }

    var model: ModifyResult { ModifyResult(inserted: inserted.map(\.model), changed: changed.map(\.model)) }
}

/// `api.TasksResponse`.
struct RESTTasksResponse: Codable {
    var tasks: [RESTTask]

    init(_ tasks: [EntroQTask]) { self.tasks = tasks.map(RESTTask.init) }

    init(from decoder: any Decoder) throws {
        tasks = try decoder.container(keyedBy: RESTKey.self).list(RESTTask.self, "tasks")
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RESTKey.self)
        try container.encode(tasks, forKey: "tasks")
    }
}

/// `api.QueuesResponse`.
struct RESTQueuesResponse: Codable {
    var queues: [RESTQueueStats]

    init(_ queues: [QueueStats]) { self.queues = queues.map(RESTQueueStats.init) }

    init(from decoder: any Decoder) throws {
        queues = try decoder.container(keyedBy: RESTKey.self).list(RESTQueueStats.self, "queues")
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RESTKey.self)
        try container.encode(queues, forKey: "queues")
    }
}

/// `api.TimeResponse`.
struct RESTTimeResponse: Codable {
    var timeMs: Int64

    init(timeMs: Int64) { self.timeMs = timeMs }

    init(from decoder: any Decoder) throws {
        timeMs = try decoder.container(keyedBy: RESTKey.self).int64("timeMs") ?? 0
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RESTKey.self)
        try container.encode(RESTInt64(timeMs), forKey: "timeMs")
    }
}
