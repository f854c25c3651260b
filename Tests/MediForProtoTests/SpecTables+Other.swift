// medifor-protocol.md §7 (streamingproxy.proto, provenance.proto, kill.proto), §8 (grpc.health.v1),
// §9 (google.rpc.Status) and the google.protobuf types the contract uses (§9 Any; entroq.md §1.5 Value).

extension SpecTables {
    static let streamingProxyMessages: [SpecMessage] = [
        SpecMessage(fullName: "mediforproto.FileChunk", fields: [
            field(1, "name", "string"),
            field(2, "mime_type", "string"),
            field(3, "offset", "int64"),
            field(4, "total_bytes", "int64"),
            field(5, "value", "bytes"),
        ]),
        SpecMessage(fullName: "mediforproto.DetectionChunk", fields: [
            oneof("value", 1, "detection", ".mediforproto.Detection"),
            oneof("value", 2, "file_chunk", ".mediforproto.FileChunk"),
        ]),
    ]

    static let provenanceEnums: [SpecEnum] = [
        SpecEnum(fullName: "mediforproto.LinkType", values: enumValues([
            "SPLICE": 0, "PROVENANCE": 1, "SPEAKER": 2, "CAMERA": 3, "LOCATION": 4,
        ])),
    ]

    static let provenanceMessages: [SpecMessage] = [
        SpecMessage(fullName: "mediforproto.ProvenanceFilteringRequest", fields: [
            field(1, "request_id", "string"),
            field(2, "image", ".mediforproto.Resource"),
            field(3, "result_limit", "int32"),
        ]),
        SpecMessage(fullName: "mediforproto.ImageMatch", fields: [
            field(1, "image_id", "string"),
            field(2, "matching_image", ".mediforproto.Resource"),
            field(3, "score", "float"),
        ]),
        SpecMessage(fullName: "mediforproto.FilteringResult", fields: [
            repeated(1, "matches", ".mediforproto.ImageMatch"),
            field(2, "probe", ".mediforproto.Resource"),
        ]),
        SpecMessage(fullName: "mediforproto.ProvenanceGraphRequest", fields: [
            field(1, "request_id", "string"),
            field(2, "image", ".mediforproto.Resource"),
            repeated(3, "filter_results", ".mediforproto.ImageMatch"),
        ]),
        SpecMessage(fullName: "mediforproto.Association", fields: [
            field(1, "type", ".mediforproto.LinkType"),
            field(2, "source", "string"),
            field(3, "target", "string"),
            field(4, "score", "float"),
            field(5, "explanation", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.Node", fields: [
            field(1, "image_id", "string"),
            field(2, "score", "float"),
        ]),
        SpecMessage(fullName: "mediforproto.ProvenanceGraph", fields: [
            repeated(1, "nodes", ".mediforproto.Node"),
            repeated(2, "associations", ".mediforproto.Association"),
            field(3, "opt_out", "bool"),
        ]),
    ]

    static let otherMediforServices: [SpecService] = [
        SpecService(fullName: "mediforproto.Killable", methods: [
            unary("Kill", ".mediforproto.Empty", ".mediforproto.Empty"),
        ]),
        SpecService(fullName: "mediforproto.StreamingProxy", methods: [
            SpecMethod(name: "DetectStream",
                       input: ".mediforproto.DetectionChunk", output: ".mediforproto.DetectionChunk",
                       clientStreaming: true, serverStreaming: true),
        ]),
        SpecService(fullName: "mediforproto.Provenance", methods: [
            unary("ProvenanceFiltering", ".mediforproto.ProvenanceFilteringRequest", ".mediforproto.FilteringResult"),
            unary("ProvenanceGraphBuilding", ".mediforproto.ProvenanceGraphRequest", ".mediforproto.ProvenanceGraph"),
        ]),
    ]

    // MARK: Standard packages

    static let standardEnums: [SpecEnum] = [
        SpecEnum(fullName: "grpc.health.v1.HealthCheckResponse.ServingStatus", values: enumValues([
            "UNKNOWN": 0, "SERVING": 1, "NOT_SERVING": 2, "SERVICE_UNKNOWN": 3,
        ])),
        SpecEnum(fullName: "google.protobuf.NullValue", values: enumValues(["NULL_VALUE": 0])),
    ]

    static let standardMessages: [SpecMessage] = [
        SpecMessage(fullName: "google.rpc.Status", fields: [
            field(1, "code", "int32"),
            field(2, "message", "string"),
            repeated(3, "details", ".google.protobuf.Any"),
        ]),
        SpecMessage(fullName: "grpc.health.v1.HealthCheckRequest", fields: [
            field(1, "service", "string"),
        ]),
        SpecMessage(fullName: "grpc.health.v1.HealthCheckResponse", fields: [
            field(1, "status", ".grpc.health.v1.HealthCheckResponse.ServingStatus"),
        ]),
        // Well-known types (from protoc's include folder); checked so a stray copy cannot change them.
        SpecMessage(fullName: "google.protobuf.Any", fields: [
            field(1, "type_url", "string"),
            field(2, "value", "bytes"),
        ]),
        SpecMessage(fullName: "google.protobuf.Value", fields: [
            oneof("kind", 1, "null_value", ".google.protobuf.NullValue"),
            oneof("kind", 2, "number_value", "double"),
            oneof("kind", 3, "string_value", "string"),
            oneof("kind", 4, "bool_value", "bool"),
            oneof("kind", 5, "struct_value", ".google.protobuf.Struct"),
            oneof("kind", 6, "list_value", ".google.protobuf.ListValue"),
        ]),
        SpecMessage(fullName: "google.protobuf.Struct", fields: [
            mapField(1, "fields", "string", ".google.protobuf.Value"),
        ]),
        SpecMessage(fullName: "google.protobuf.ListValue", fields: [
            repeated(1, "values", ".google.protobuf.Value"),
        ]),
    ]

    static let standardServices: [SpecService] = [
        SpecService(fullName: "grpc.health.v1.Health", methods: [
            unary("Check", ".grpc.health.v1.HealthCheckRequest", ".grpc.health.v1.HealthCheckResponse"),
            SpecMethod(name: "Watch",
                       input: ".grpc.health.v1.HealthCheckRequest", output: ".grpc.health.v1.HealthCheckResponse",
                       clientStreaming: false, serverStreaming: true),
        ]),
    ]
}
