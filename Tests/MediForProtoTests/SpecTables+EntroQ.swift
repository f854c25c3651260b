// entroq.md §1 (package api, service api.EntroQ). Where §1.4 omits a field's type it is `string`
// (namespace, id, key, secondary_key, claimant, name, key_start, key_end).
//
// Known additions (deliberate, not in the spec): TaskData.by_ms = 100 (int64), TaskChange.mode = 100
// (enum api.ChangeMode). They carry protocol 2 on gRPC; v1 clients never set them.

extension SpecTables {
    static let entroqEnums: [SpecEnum] = [
        SpecEnum(fullName: "api.ActionType", values: enumValues([
            "CLAIM": 0, "DELETE": 1, "CHANGE": 2, "DEPEND": 3, "DETAIL": 4, "INSERT": 5, "READ": 6,
        ])),
        // Known addition: the type of TaskChange.mode.
        SpecEnum(fullName: "api.ChangeMode", values: enumValues([
            "CHANGE_DEFAULT": 0, "CHANGE_RESET_CLAIMS": 1, "CHANGE_LEASE": 2,
        ]), isKnownAddition: true),
    ]

    static let entroqMessages: [SpecMessage] = [
        // §1.2 Task messages
        SpecMessage(fullName: "api.TaskID", fields: [
            field(1, "id", "string"),
            field(2, "version", "int32"),
            field(3, "queue", "string"),
        ]),
        SpecMessage(fullName: "api.TaskData", fields: [
            field(1, "queue", "string"),
            field(2, "at_ms", "int64"),
            field(3, "value", ".google.protobuf.Value"),
            field(4, "id", "string"),
            field(5, "attempt", "int32"),
            field(6, "err", "string"),
        ], knownAdditions: [
            field(100, "by_ms", "int64"),
        ]),
        SpecMessage(fullName: "api.TaskChange", fields: [
            field(1, "old_id", ".api.TaskID"),
            field(2, "new_data", ".api.TaskData"),
        ], knownAdditions: [
            field(100, "mode", ".api.ChangeMode"),
        ]),
        SpecMessage(fullName: "api.Task", fields: [
            field(1, "queue", "string"),
            field(2, "id", "string"),
            field(3, "version", "int32"),
            field(4, "at_ms", "int64"),
            field(5, "claimant_id", "string"),
            field(6, "value", ".google.protobuf.Value"),
            field(7, "created_ms", "int64"),
            field(8, "modified_ms", "int64"),
            field(9, "claims", "int32"),
            field(10, "attempt", "int32"),
            field(11, "err", "string"),
        ]),
        SpecMessage(fullName: "api.QueueStats", fields: [
            field(1, "name", "string"),
            field(2, "num_tasks", "int32"),
            field(3, "num_claimed", "int32"),
            field(4, "num_available", "int32"),
            field(5, "max_claims", "int32"),
            field(6, "num_future", "int32"),
        ]),

        // §1.3 Request/response messages
        SpecMessage(fullName: "api.ClaimRequest", fields: [
            field(1, "claimant_id", "string"),
            repeated(2, "queues", "string"),
            field(3, "duration_ms", "int64"),
            field(4, "poll_ms", "int64"),
        ]),
        SpecMessage(fullName: "api.ClaimResponse", fields: [
            field(1, "task", ".api.Task"),
        ]),
        SpecMessage(fullName: "api.ModifyRequest", fields: [
            field(1, "claimant_id", "string"),
            repeated(2, "inserts", ".api.TaskData"),
            repeated(3, "changes", ".api.TaskChange"),
            repeated(4, "deletes", ".api.TaskID"),
            repeated(5, "depends", ".api.TaskID"),
            repeated(6, "doc_inserts", ".api.DocData"),
            repeated(7, "doc_changes", ".api.DocChange"),
            repeated(8, "doc_deletes", ".api.DocID"),
            repeated(9, "doc_depends", ".api.DocID"),
        ]),
        SpecMessage(fullName: "api.ModifyResponse", fields: [
            repeated(1, "inserted", ".api.Task"),
            repeated(2, "changed", ".api.Task"),
            repeated(3, "inserted_docs", ".api.Doc"),
            repeated(4, "changed_docs", ".api.Doc"),
        ]),
        SpecMessage(fullName: "api.TasksRequest", fields: [
            field(1, "claimant_id", "string"),
            field(2, "queue", "string"),
            field(3, "limit", "int32"),
            repeated(4, "task_id", "string"),
            field(5, "omit_values", "bool"),
        ]),
        SpecMessage(fullName: "api.TasksResponse", fields: [
            repeated(1, "tasks", ".api.Task"),
        ]),
        SpecMessage(fullName: "api.QueuesRequest", fields: [
            repeated(1, "match_prefix", "string"),
            repeated(2, "match_exact", "string"),
            field(3, "limit", "int32"),
        ]),
        SpecMessage(fullName: "api.QueuesResponse", fields: [
            repeated(1, "queues", ".api.QueueStats"),
        ]),
        SpecMessage(fullName: "api.TimeRequest", fields: []),
        SpecMessage(fullName: "api.TimeResponse", fields: [
            field(1, "time_ms", "int64"),
        ]),

        // §1.4 Doc messages
        SpecMessage(fullName: "api.DocID", fields: [
            field(1, "namespace", "string"),
            field(2, "id", "string"),
            field(3, "version", "int32"),
        ]),
        SpecMessage(fullName: "api.DocData", fields: [
            field(1, "namespace", "string"),
            field(2, "id", "string"),
            field(3, "key", "string"),
            field(4, "secondary_key", "string"),
            field(5, "content", ".google.protobuf.Value"),
            field(6, "created_ms", "int64"),
            field(7, "modified_ms", "int64"),
            field(8, "at_ms", "int64"),
        ]),
        SpecMessage(fullName: "api.DocChange", fields: [
            field(1, "old_id", ".api.DocID"),
            field(2, "new_data", ".api.DocData"),
        ]),
        SpecMessage(fullName: "api.Doc", fields: [
            field(1, "namespace", "string"),
            field(2, "id", "string"),
            field(3, "version", "int32"),
            field(4, "claimant", "string"),
            field(5, "at_ms", "int64"),
            field(6, "key", "string"),
            field(7, "secondary_key", "string"),
            field(8, "content", ".google.protobuf.Value"),
            field(9, "created_ms", "int64"),
            field(10, "modified_ms", "int64"),
        ]),
        SpecMessage(fullName: "api.DocQuery", fields: [
            field(1, "namespace", "string"),
            field(2, "key_start", "string"),
            field(3, "key_end", "string"),
            field(4, "limit", "int32"),
            field(5, "omit_values", "bool"),
            repeated(6, "ids", "string"),
        ]),
        SpecMessage(fullName: "api.DocClaim", fields: [
            field(1, "namespace", "string"),
            field(2, "claimant", "string"),
            field(3, "key", "string"),
            field(4, "duration_ms", "int64"),
        ]),
        SpecMessage(fullName: "api.DocsRequest", fields: [
            field(1, "query", ".api.DocQuery"),
        ]),
        SpecMessage(fullName: "api.DocsResponse", fields: [
            repeated(1, "docs", ".api.Doc"),
        ]),
        SpecMessage(fullName: "api.ClaimDocsRequest", fields: [
            field(1, "claim_query", ".api.DocClaim"),
        ]),
        SpecMessage(fullName: "api.ClaimDocsResponse", fields: [
            repeated(1, "docs", ".api.Doc"),
        ]),
        SpecMessage(fullName: "api.NamespaceStat", fields: [
            field(1, "name", "string"),
            field(2, "num_docs", "int32"),
            field(3, "num_claimed", "int32"),
        ]),
        SpecMessage(fullName: "api.NamespacesRequest", fields: [
            repeated(1, "match_prefix", "string"),
            repeated(2, "match_exact", "string"),
            field(3, "limit", "int32"),
        ]),
        SpecMessage(fullName: "api.NamespacesResponse", fields: [
            repeated(1, "namespaces", ".api.NamespaceStat"),
        ]),

        // §1.5 Error details
        SpecMessage(fullName: "api.ModifyDep", fields: [
            field(1, "type", ".api.ActionType"),
            field(2, "id", ".api.TaskID"),
            field(3, "msg", "string"),
            field(4, "doc_id", ".api.DocID"),
        ]),
        SpecMessage(fullName: "api.AuthzDep", fields: [
            repeated(1, "actions", ".api.ActionType"),  // packed
            field(2, "exact", "string"),
            field(3, "prefix", "string"),
            field(4, "msg", "string"),
        ]),
    ]

    static let entroqServices: [SpecService] = [
        SpecService(fullName: "api.EntroQ", methods: [
            unary("TryClaim", ".api.ClaimRequest", ".api.ClaimResponse"),
            unary("Claim", ".api.ClaimRequest", ".api.ClaimResponse"),
            unary("Modify", ".api.ModifyRequest", ".api.ModifyResponse"),
            unary("Tasks", ".api.TasksRequest", ".api.TasksResponse"),
            unary("Queues", ".api.QueuesRequest", ".api.QueuesResponse"),
            unary("QueueStats", ".api.QueuesRequest", ".api.QueuesResponse"),
            unary("Time", ".api.TimeRequest", ".api.TimeResponse"),
            SpecMethod(name: "StreamTasks", input: ".api.TasksRequest", output: ".api.TasksResponse",
                       clientStreaming: false, serverStreaming: true),
            unary("Docs", ".api.DocsRequest", ".api.DocsResponse"),
            unary("ClaimDocs", ".api.ClaimDocsRequest", ".api.ClaimDocsResponse"),
            unary("NamespaceStats", ".api.NamespacesRequest", ".api.NamespacesResponse"),
        ]),
    ]
}
