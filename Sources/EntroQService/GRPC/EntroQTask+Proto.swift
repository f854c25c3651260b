import EntroQ
import EntroQProto
import SwiftProtobuf

// Conversions between the queue's domain types and the api.EntroQ wire messages.

extension JSONValue {
    /// The value as a `google.protobuf.Value`.
    var proto: Google_Protobuf_Value {
        switch self {
        case .null: Google_Protobuf_Value(nilLiteral: ())
        case .bool(let value): Google_Protobuf_Value(boolValue: value)
        case .number(let value): Google_Protobuf_Value(numberValue: value)
        case .string(let value): Google_Protobuf_Value(stringValue: value)
        case .array(let values): Google_Protobuf_Value(listValue: Google_Protobuf_ListValue(values: values.map(\.proto)))
        case .object(let members):
            Google_Protobuf_Value(structValue: Google_Protobuf_Struct(fields: members.mapValues(\.proto)))
        }
    }

    /// The value carried by a `google.protobuf.Value`; a value with no kind set reads as `null`.
    init(proto: Google_Protobuf_Value) {
        switch proto.kind {
        case .nullValue, .none: self = .null
        case .boolValue(let value): self = .bool(value)
        case .numberValue(let value): self = .number(value)
        case .stringValue(let value): self = .string(value)
        case .listValue(let list): self = .array(list.values.map(JSONValue.init(proto:)))
        case .structValue(let object): self = .object(object.fields.mapValues(JSONValue.init(proto:)))
        }
    }
}

extension EntroQTask {
    /// The task as an `api.Task`.
    var proto: Api_Task {
        var task = Api_Task()
        task.queue = queue
        task.id = id
        task.version = version
        task.atMs = atMs
        task.claimantID = claimant
        if let value { task.value = value.proto }
        task.createdMs = createdMs
        task.modifiedMs = modifiedMs
        task.claims = claims
        task.attempt = attempt
        task.err = err
        return task
    }

    /// The task carried by an `api.Task`.
    init(proto task: Api_Task) {
        self.init(
            queue: task.queue, id: task.id, version: task.version, atMs: task.atMs, claimant: task.claimantID,
            value: task.hasValue ? JSONValue(proto: task.value) : nil, createdMs: task.createdMs,
            modifiedMs: task.modifiedMs, claims: task.claims, attempt: task.attempt, err: task.err)
    }
}

extension TaskID {
    var proto: Api_TaskID {
        Api_TaskID.with {
            $0.id = id
            $0.version = version
            $0.queue = queue
        }
    }

    init(proto: Api_TaskID) {
        self.init(id: proto.id, version: proto.version, queue: proto.queue)
    }
}

extension TaskData {
    /// The data as `api.TaskData`; relative arrivals use the `by_ms` extension field.
    var proto: Api_TaskData {
        var data = Api_TaskData()
        data.queue = queue
        switch arrival {
        case .now: break
        case .absolute(let at): data.atMs = at
        case .relative(let by): if by == 0 { data.atMs = 0 } else { data.byMs = by }
        }
        if let value { data.value = value.proto }
        data.id = id
        data.attempt = attempt
        data.err = err
        return data
    }

    init(proto data: Api_TaskData) {
        let arrival: Arrival =
            data.byMs != 0 ? .relative(data.byMs) : (data.atMs == 0 ? .now : .absolute(data.atMs))
        self.init(
            queue: data.queue, arrival: arrival, value: data.hasValue ? JSONValue(proto: data.value) : nil,
            id: data.id, attempt: data.attempt, err: data.err)
    }
}

extension TaskChange {
    var proto: Api_TaskChange {
        Api_TaskChange.with {
            $0.oldID = oldID.proto
            $0.newData = newData.proto
            $0.mode =
                switch mode {
                case .full: .changeDefault
                case .resetClaims: .changeResetClaims
                case .lease: .changeLease
                }
        }
    }

    init(proto change: Api_TaskChange) throws(QueueError) {
        let mode: ChangeMode
        switch change.mode {
        case .changeDefault: mode = .full
        case .changeResetClaims: mode = .resetClaims
        case .changeLease: mode = .lease
        case .UNRECOGNIZED(let raw): throw .invalidArgument("unknown change mode \(raw)")
        }
        self.init(oldID: TaskID(proto: change.oldID), newData: TaskData(proto: change.newData), mode: mode)
    }
}

extension Modification {
    var proto: Api_ModifyRequest {
        Api_ModifyRequest.with {
            $0.claimantID = claimant
            $0.inserts = inserts.map(\.proto)
            $0.changes = changes.map(\.proto)
            $0.deletes = deletes.map(\.proto)
            $0.depends = depends.map(\.proto)
        }
    }

    init(proto request: Api_ModifyRequest) throws(QueueError) {
        if !request.docInserts.isEmpty || !request.docChanges.isEmpty || !request.docDeletes.isEmpty
            || !request.docDepends.isEmpty
        {
            throw .invalidArgument("the doc store is not supported by this server")
        }
        var changes: [TaskChange] = []
        changes.reserveCapacity(request.changes.count)
        for change in request.changes { changes.append(try TaskChange(proto: change)) }
        self.init(
            claimant: request.claimantID, inserts: request.inserts.map(TaskData.init(proto:)), changes: changes,
            deletes: request.deletes.map(TaskID.init(proto:)), depends: request.depends.map(TaskID.init(proto:)))
    }
}

extension ClaimRequest {
    var proto: Api_ClaimRequest {
        Api_ClaimRequest.with {
            $0.claimantID = claimant
            $0.queues = queues
            $0.durationMs = durationMs
            $0.pollMs = pollMs
        }
    }

    init(proto request: Api_ClaimRequest) {
        self.init(
            claimant: request.claimantID, queues: request.queues, durationMs: request.durationMs,
            pollMs: request.pollMs)
    }
}

extension TaskQuery {
    var proto: Api_TasksRequest {
        Api_TasksRequest.with {
            $0.claimantID = claimant
            $0.queue = queue
            $0.limit = Int32(clamping: limit)
            $0.taskID = ids
            $0.omitValues = omitValues
        }
    }

    init(proto request: Api_TasksRequest) {
        self.init(
            claimant: request.claimantID, queue: request.queue, limit: Int(request.limit), ids: request.taskID,
            omitValues: request.omitValues)
    }
}

extension QueueQuery {
    var proto: Api_QueuesRequest {
        Api_QueuesRequest.with {
            $0.matchPrefix = matchPrefix
            $0.matchExact = matchExact
            $0.limit = Int32(clamping: limit)
        }
    }

    init(proto request: Api_QueuesRequest) {
        self.init(matchPrefix: request.matchPrefix, matchExact: request.matchExact, limit: Int(request.limit))
    }
}

extension QueueStats {
    var proto: Api_QueueStats {
        Api_QueueStats.with {
            $0.name = name
            $0.numTasks = Int32(clamping: numTasks)
            $0.numClaimed = Int32(clamping: numClaimed)
            $0.numAvailable = Int32(clamping: numAvailable)
            $0.numFuture = Int32(clamping: numFuture)
            $0.maxClaims = Int32(clamping: maxClaims)
        }
    }

    init(proto stats: Api_QueueStats) {
        self.init(
            name: stats.name, numTasks: Int(stats.numTasks), numClaimed: Int(stats.numClaimed),
            numAvailable: Int(stats.numAvailable), numFuture: Int(stats.numFuture), maxClaims: Int(stats.maxClaims))
    }
}
