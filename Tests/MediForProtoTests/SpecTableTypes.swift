// Row types of the specification tables (SpecTables+*.swift) that the wire-identity tests check the
// compiled protobuf contract against. The tables are transcribed by hand from
// /work/shared/spec/medifor-protocol.md and /work/shared/spec/entroq.md §1: the specification is the
// source of truth, not Protos/.

import Testing

/// How a field is declared. proto3 "singular" (never the `optional` keyword), `repeated`, or `map<K, V>`.
enum SpecLabel: String, Sendable, Hashable {
    case singular, repeated, map
}

/// One field of a message as the specification lists it.
struct SpecField: Sendable, Hashable, CustomStringConvertible {
    /// Field name (snake_case, as in the .proto source).
    var name: String
    var number: Int32
    /// Proto type: a scalar name (`string`, `int32`, `int64`, `bool`, `double`, `float`, `bytes`), a message or
    /// enum full name with a leading dot (`.mediforproto.Resource`), or `map<string, double>` for maps.
    var type: String
    var label: SpecLabel
    /// The oneof the field belongs to, if any.
    var oneof: String?

    var description: String {
        let kind = label == .map ? type : (label == .repeated ? "repeated \(type)" : type)
        return "\(kind) \(name) = \(number)" + (oneof.map { " (oneof \($0))" } ?? "")
    }

    /// proto3 JSON name: lowerCamelCase of the field name (the rule protoc and the spec's "JSON name" column use).
    var jsonName: String {
        var out = ""
        var upperNext = false
        for ch in name {
            if ch == "_" {
                upperNext = true
            } else if upperNext {
                out += ch.uppercased()
                upperNext = false
            } else {
                out.append(ch)
            }
        }
        return out
    }
}

/// One message of the specification.
struct SpecMessage: Sendable, Hashable, CustomTestStringConvertible {
    /// Full name without a leading dot, e.g. `mediforproto.ImageManipulationRequest`.
    var fullName: String
    var fields: [SpecField]
    /// Fields our .proto files add on purpose; they are not in the specification (entroq.md §1 has no `by_ms` or
    /// `mode`). The descriptor must contain them too, and nothing else.
    var knownAdditions: [SpecField] = []

    var testDescription: String { fullName }
    var allFields: [SpecField] { fields + knownAdditions }
}

/// One enum of the specification.
struct SpecEnum: Sendable, Hashable, CustomTestStringConvertible {
    var fullName: String
    var values: [SpecEnumValue]
    /// True for enums our .proto files add on purpose (not in the specification).
    var isKnownAddition = false

    var testDescription: String { fullName }
}

struct SpecEnumValue: Sendable, Hashable, CustomStringConvertible {
    var name: String
    var number: Int32
    var description: String { "\(name) = \(number)" }
}

/// One service of the specification.
struct SpecService: Sendable, Hashable, CustomTestStringConvertible {
    /// Full name, e.g. `mediforproto.Pipeline`.
    var fullName: String
    var methods: [SpecMethod]

    var testDescription: String { fullName }
}

struct SpecMethod: Sendable, Hashable, CustomStringConvertible {
    var name: String
    /// Full names with a leading dot, as in a MethodDescriptorProto.
    var input: String
    var output: String
    var clientStreaming = false
    var serverStreaming = false

    var description: String {
        "\(name)(\(clientStreaming ? "stream " : "")\(input)) returns (\(serverStreaming ? "stream " : "")\(output))"
    }
}

// MARK: - Table-building helpers (keep the transcribed tables short and close to the spec's wording)

/// A plain singular field.
func field(_ number: Int32, _ name: String, _ type: String) -> SpecField {
    SpecField(name: name, number: number, type: type, label: .singular, oneof: nil)
}

/// A `repeated` field.
func repeated(_ number: Int32, _ name: String, _ type: String) -> SpecField {
    SpecField(name: name, number: number, type: type, label: .repeated, oneof: nil)
}

/// A `map<key, value>` field.
func mapField(_ number: Int32, _ name: String, _ key: String, _ value: String) -> SpecField {
    SpecField(name: name, number: number, type: "map<\(key), \(value)>", label: .map, oneof: nil)
}

/// A member of a oneof.
func oneof(_ group: String, _ number: Int32, _ name: String, _ type: String) -> SpecField {
    SpecField(name: name, number: number, type: type, label: .singular, oneof: group)
}

/// Enum values given as `(name, number)` pairs.
func enumValues(_ pairs: KeyValuePairs<String, Int32>) -> [SpecEnumValue] {
    pairs.map { SpecEnumValue(name: $0.key, number: $0.value) }
}

/// A unary method.
func unary(_ name: String, _ input: String, _ output: String) -> SpecMethod {
    SpecMethod(name: name, input: input, output: output)
}

/// All tables, in one place.
enum SpecTables {
    static let messages: [SpecMessage] =
        analyticMessages + fusionMessages + pipelineMessages + taskMessages + streamingProxyMessages
        + provenanceMessages + workflowMessages + standardMessages + entroqMessages

    static let enums: [SpecEnum] =
        analyticEnums + pipelineEnums + provenanceEnums + standardEnums + entroqEnums

    static let services: [SpecService] =
        analyticServices + fusionServices + pipelineServices + otherMediforServices + standardServices + entroqServices

    static func message(_ fullName: String) -> SpecMessage? {
        messages.first { $0.fullName == fullName }
    }

    /// The packages whose contents must match the tables exactly (nothing missing, nothing extra).
    static let packages = ["mediforproto", "workflowproto", "google.rpc", "grpc.health.v1", "api"]
}
