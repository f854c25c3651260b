import EntroQ

/// `api.TaskData` in proto3 JSON, with protocol 2's relative arrival `byMs` beside v1's absolute `atMs`.
struct RESTTaskData: Codable, Hashable {
    var model: TaskData

    init(_ data: TaskData) { model = data }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: RESTKey.self)
        let arrival: Arrival
        if let byMs = try container.int64("byMs") {
            arrival = byMs == 0 ? .now : .relative(byMs)
        } else if let atMs = try container.int64("atMs"), atMs != 0 {
            arrival = .absolute(atMs)
        } else {
            arrival = .now
        }
        model = TaskData(
            queue: try container.string("queue"), arrival: arrival, value: try container.field(JSONValue.self, "value"),
            id: try container.string("id"), attempt: try container.int32("attempt"), err: try container.string("err"))
    }

    /// Emits the protocol-2 form: `byMs` for relative arrivals, `atMs` for absolute ones, neither for "now".
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RESTKey.self)
        try container.encode(model.queue, forKey: "queue")
        switch model.arrival {
        case .now: break
        case .relative(let byMs): try container.encode(byMs, forKey: "byMs")
        case .absolute(let atMs): try container.encode(RESTInt64(atMs), forKey: "atMs")
        }
        if let value = model.value { try container.encode(value, forKey: "value") }
        if !model.id.isEmpty { try container.encode(model.id, forKey: "id") }
        try container.encode(model.attempt, forKey: "attempt")
        try container.encode(model.err, forKey: "err")
    }
}

/// `api.TaskChange` in proto3 JSON, with protocol 2's `mode`.
struct RESTTaskChange: Codable, Hashable {
    var model: TaskChange

    init(_ change: TaskChange) { model = change }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: RESTKey.self)
        let oldID = try container.field(RESTTaskID.self, "oldId")?.model ?? TaskID(id: "", version: 0)
        let newData = try container.field(RESTTaskData.self, "newData")?.model ?? TaskData(queue: "")
        let mode: ChangeMode
        switch try container.field(String.self, "mode") ?? "" {
        case "", "CHANGE_DEFAULT": mode = .full
        case "CHANGE_RESET_CLAIMS": mode = .resetClaims
        case "CHANGE_LEASE": mode = .lease
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: "mode", in: container, debugDescription: "unknown change mode \"\(other)\"")
        }
        model = TaskChange(oldID: oldID, newData: newData, mode: mode)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RESTKey.self)
        try container.encode(RESTTaskID(model.oldID), forKey: "oldId")
        try container.encode(RESTTaskData(model.newData), forKey: "newData")
        switch model.mode {
        case .full: break
        case .resetClaims: try container.encode("CHANGE_RESET_CLAIMS", forKey: "mode")
        case .lease: try container.encode("CHANGE_LEASE", forKey: "mode")
        }
    }
}

/// `api.ModifyRequest` in proto3 JSON. Doc operations are counted, not modelled: there is no doc store.
struct RESTModifyRequest: Codable {
    var model: Modification
    /// How many doc inserts, changes, deletes and depends the request names.
    var docOperationCount: Int

    init(_ modification: Modification) {
        model = modification
        docOperationCount = 0
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: RESTKey.self)
        model = Modification(
            claimant: try container.string("claimantId"),
            inserts: try container.list(RESTTaskData.self, "inserts").map(\.model),
            changes: try container.list(RESTTaskChange.self, "changes").map(\.model),
            deletes: try container.list(RESTTaskID.self, "deletes").map(\.model),
            depends: try container.list(RESTTaskID.self, "depends").map(\.model))
        docOperationCount = 0
        for name: RESTKey in ["docInserts", "docChanges", "docDeletes", "docDepends"] {
            docOperationCount += try container.list(JSONValue.self, name).count
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RESTKey.self)
        try container.encode(model.claimant, forKey: "claimantId")
        try container.encode(model.inserts.map(RESTTaskData.init), forKey: "inserts")
        try container.encode(model.changes.map(RESTTaskChange.init), forKey: "changes")
        try container.encode(model.deletes.map(RESTTaskID.init), forKey: "deletes")
        try container.encode(model.depends.map(RESTTaskID.init), forKey: "depends")
    }
}

/// `api.ClaimRequest` in proto3 JSON.
struct RESTClaimRequest: Codable {
    var model: ClaimRequest

    init(_ request: ClaimRequest) { model = request }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: RESTKey.self)
        model = ClaimRequest(
            claimant: try container.string("claimantId"), queues: try container.list(String.self, "queues"),
            durationMs: try container.int64("durationMs") ?? 0, pollMs: try container.int64("pollMs") ?? 0)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RESTKey.self)
        try container.encode(model.claimant, forKey: "claimantId")
        try container.encode(model.queues, forKey: "queues")
        try container.encode(RESTInt64(model.durationMs), forKey: "durationMs")
        try container.encode(RESTInt64(model.pollMs), forKey: "pollMs")
    }
}
