// Wire identity of the compiled protobuf contract (Protos/ → descriptors.pb and the generated Swift code)
// against the specification tables in SpecTables+*.swift (transcribed from medifor-protocol.md and
// entroq.md §1). The spec tables are the source of truth: a failure here means Protos/ or the generated code
// disagrees with the spec, not that the table should be edited to match.

import EntroQProto
import Foundation
import GRPCCore
import MediForProto
import SwiftProtobuf
import Testing

/// Spec messages that have a generated Swift type (everything except the google.protobuf well-known types,
/// which SwiftProtobuf itself provides).
let generatedSpecMessages = SpecTables.messages.filter { !$0.fullName.hasPrefix("google.protobuf.") }

@Suite("WireIdentity")
struct WireIdentityTests {
    // MARK: - The tables themselves

    @Test("spec tables have no duplicate names or numbers")
    func tablesAreConsistent() {
        func duplicates<T: Hashable>(_ items: [T]) -> [T] {
            Dictionary(grouping: items, by: { $0 }).filter { $1.count > 1 }.map(\.key)
        }
        #expect(duplicates(SpecTables.messages.map(\.fullName)).isEmpty, "duplicate messages in the tables")
        #expect(duplicates(SpecTables.enums.map(\.fullName)).isEmpty, "duplicate enums in the tables")
        #expect(duplicates(SpecTables.services.map(\.fullName)).isEmpty, "duplicate services in the tables")
        for message in SpecTables.messages {
            #expect(duplicates(message.allFields.map(\.name)).isEmpty, "\(message.fullName): duplicate field names")
            #expect(duplicates(message.allFields.map(\.number)).isEmpty, "\(message.fullName): duplicate numbers")
        }
        for value in SpecTables.enums {
            #expect(duplicates(value.values.map(\.name)).isEmpty, "\(value.fullName): duplicate value names")
        }
        for service in SpecTables.services {
            #expect(duplicates(service.methods.map(\.name)).isEmpty, "\(service.fullName): duplicate methods")
        }
    }

    // MARK: - 1. Compiled descriptors against the spec

    @Test("message fields match the spec", arguments: SpecTables.messages)
    func messageMatchesSpec(_ spec: SpecMessage) throws {
        let index = try DescriptorIndex.load()
        let message = try #require(index.messages[spec.fullName], "message \(spec.fullName) is not in Protos/")
        let actual = Dictionary(uniqueKeysWithValues: message.field.map { ($0.name, $0) })
        let additions = Set(spec.knownAdditions.map(\.name))

        for expected in spec.allFields {
            let what = "\(spec.fullName).\(expected.name)" + (additions.contains(expected.name) ? " (known addition)" : "")
            guard let field = actual[expected.name] else {
                Issue.record("\(what): field is missing; spec: \(expected)")
                continue
            }
            let got = index.specView(of: field, in: message)
            #expect(got.number == expected.number, "\(what): number is \(got.number), spec says \(expected.number)")
            #expect(got.type == expected.type, "\(what): type is \(got.type), spec says \(expected.type)")
            #expect(got.label == expected.label, "\(what): label is \(got.label), spec says \(expected.label)")
            #expect(got.oneof == expected.oneof,
                    "\(what): oneof is \(got.oneof ?? "none"), spec says \(expected.oneof ?? "none")")
            #expect(field.jsonName == expected.jsonName,
                    "\(what): JSON name is \(field.jsonName), spec says \(expected.jsonName)")
            if expected.type.hasPrefix(".") {
                let kind = WireSamples.isEnum(expected.type) ? "enum" : "message"
                #expect(index.kind(of: expected.type) == kind, "\(what): \(expected.type) is not a \(kind)")
            }
        }
        let specNames = Set(spec.allFields.map(\.name))
        for field in message.field where !specNames.contains(field.name) {
            Issue.record("\(spec.fullName).\(field.name): extra field not in the spec: \(index.specView(of: field, in: message))")
        }
        let declaredOneofs = Set(message.oneofDecl.map(\.name))
        let specOneofs = Set(spec.allFields.compactMap(\.oneof))
        #expect(declaredOneofs == specOneofs, "\(spec.fullName): oneofs are \(declaredOneofs.sorted()), spec says \(specOneofs.sorted())")
    }

    @Test("enum values match the spec", arguments: SpecTables.enums)
    func enumMatchesSpec(_ spec: SpecEnum) throws {
        let index = try DescriptorIndex.load()
        let value = try #require(index.enums[spec.fullName], "enum \(spec.fullName) is not in Protos/")
        let actual = Dictionary(uniqueKeysWithValues: value.value.map { ($0.name, $0.number) })
        for expected in spec.values {
            guard let number = actual[expected.name] else {
                Issue.record("\(spec.fullName).\(expected.name): value is missing; spec: \(expected)")
                continue
            }
            #expect(number == expected.number, "\(spec.fullName).\(expected.name): number is \(number), spec says \(expected.number)")
        }
        let specNames = Set(spec.values.map(\.name))
        for extra in value.value where !specNames.contains(extra.name) {
            Issue.record("\(spec.fullName).\(extra.name) = \(extra.number): extra value not in the spec")
        }
        #expect(!value.options.allowAlias, "\(spec.fullName): allow_alias is set; the spec has no aliases")
    }

    @Test("services and methods match the spec", arguments: SpecTables.services)
    func serviceMatchesSpec(_ spec: SpecService) throws {
        let index = try DescriptorIndex.load()
        let service = try #require(index.services[spec.fullName], "service \(spec.fullName) is not in Protos/")
        let package = try #require(index.packageOf[spec.fullName])
        let actual = Dictionary(uniqueKeysWithValues: service.method.map { ($0.name, $0) })
        for expected in spec.methods {
            let what = "/\(spec.fullName)/\(expected.name)"
            guard let method = actual[expected.name] else {
                Issue.record("\(what): method is missing; spec: \(expected)")
                continue
            }
            #expect("/\(package).\(service.name)/\(method.name)" == what, "\(what): compiled path differs")
            #expect(method.inputType == expected.input, "\(what): request is \(method.inputType), spec says \(expected.input)")
            #expect(method.outputType == expected.output, "\(what): response is \(method.outputType), spec says \(expected.output)")
            #expect(method.clientStreaming == expected.clientStreaming,
                    "\(what): client streaming is \(method.clientStreaming), spec says \(expected.clientStreaming)")
            #expect(method.serverStreaming == expected.serverStreaming,
                    "\(what): server streaming is \(method.serverStreaming), spec says \(expected.serverStreaming)")
        }
        let specNames = Set(spec.methods.map(\.name))
        for extra in service.method where !specNames.contains(extra.name) {
            Issue.record("/\(spec.fullName)/\(extra.name): extra method not in the spec")
        }
    }

    @Test("packages declare nothing beyond the spec", arguments: SpecTables.packages)
    func packageHasNothingUnspecified(_ package: String) throws {
        let index = try DescriptorIndex.load()
        func inPackage(_ names: some Sequence<String>) -> Set<String> {
            Set(names.filter { index.packageOf[$0] == package })
        }
        let messages = inPackage(index.messages.keys).filter { !(index.messages[$0]?.options.mapEntry ?? false) }
        let specMessages = inPackage(SpecTables.messages.map(\.fullName))
        #expect(messages.subtracting(specMessages).isEmpty, "\(package): messages not in the spec: \(messages.subtracting(specMessages).sorted())")
        #expect(specMessages.subtracting(messages).isEmpty, "\(package): spec messages missing: \(specMessages.subtracting(messages).sorted())")

        let enums = inPackage(index.enums.keys)
        let specEnums = inPackage(SpecTables.enums.map(\.fullName))
        #expect(enums.subtracting(specEnums).isEmpty, "\(package): enums not in the spec: \(enums.subtracting(specEnums).sorted())")
        #expect(specEnums.subtracting(enums).isEmpty, "\(package): spec enums missing: \(specEnums.subtracting(enums).sorted())")

        let services = inPackage(index.services.keys)
        let specServices = inPackage(SpecTables.services.map(\.fullName))
        #expect(services == specServices, "\(package): services are \(services.sorted()), spec says \(specServices.sorted())")
        #expect(!specMessages.isEmpty, "\(package): no spec messages (is the package name right?)")
    }

    // MARK: - 2. Generated Swift message types against the spec

    @Test("every spec message has a generated Swift type, and nothing else was generated")
    func generatedTypesCoverTheSpec() {
        let specNames = Set(generatedSpecMessages.map(\.fullName))
        let generatedNames = Set(Generated.messageTypes.map { $0.protoMessageName })
        #expect(specNames.subtracting(generatedNames).isEmpty, "no generated type for: \(specNames.subtracting(generatedNames).sorted())")
        #expect(generatedNames.subtracting(specNames).isEmpty, "generated but not in the spec: \(generatedNames.subtracting(specNames).sorted())")
        #expect(generatedNames.count == Generated.messageTypes.count, "two generated types share a protoMessageName")
    }

    @Test("protoMessageName is the spec full name", arguments: [
        (Mediforproto_ImageManipulationRequest.self as any SwiftProtobuf.Message.Type, "mediforproto.ImageManipulationRequest"),
        (Mediforproto_DetectionInfo.self, "mediforproto.DetectionInfo"),
        (Mediforproto_DetectionListRequest.self, "mediforproto.DetectionListRequest"),
        (Mediforproto_Fusion.self, "mediforproto.Fusion"),
        (Mediforproto_DetectionTask.self, "mediforproto.DetectionTask"),
        (Mediforproto_DetectionChunk.self, "mediforproto.DetectionChunk"),
        (Mediforproto_ProvenanceGraph.self, "mediforproto.ProvenanceGraph"),
        (Workflowproto_Empty.self, "workflowproto.Empty"),
        (Api_Task.self, "api.Task"),
        (Api_ModifyRequest.self, "api.ModifyRequest"),
        (Google_Rpc_Status.self, "google.rpc.Status"),
        (Grpc_Health_V1_HealthCheckResponse.self, "grpc.health.v1.HealthCheckResponse"),
    ])
    func protoMessageName(_ type: any SwiftProtobuf.Message.Type, _ fullName: String) {
        #expect(type.protoMessageName == fullName, "\(type): protoMessageName is \(type.protoMessageName), spec says \(fullName)")
        #expect(SpecTables.message(fullName) != nil, "\(fullName) is not in the spec tables")
    }

    /// For each field of the spec: the canonical encoding built from the spec alone (key = number << 3 | wire
    /// type, then one non-default value) must decode into the generated type as a known field, re-encode to
    /// the same bytes, and print as proto3 JSON under the spec's JSON name with the spec's JSON value form.
    @Test("generated types encode every spec field as specified", arguments: generatedSpecMessages)
    func generatedTypeEncodesEverySpecField(_ spec: SpecMessage) throws {
        let type = try #require(Generated.messageTypesByName[spec.fullName], "no generated type for \(spec.fullName)")
        for field in spec.allFields {
            try checkField(field, of: spec, in: type)
        }
    }

    private func checkField<M: SwiftProtobuf.Message>(_ field: SpecField, of spec: SpecMessage, in type: M.Type) throws {
        let what = "\(spec.fullName).\(field.name) (\(field))"
        let bytes = WireSamples.encoding(of: field)
        let decoded: M
        do {
            decoded = try M(serializedBytes: bytes)
        } catch {
            Issue.record("\(what): \(M.self) cannot decode the spec encoding \(hex(bytes)): \(error)")
            return
        }
        #expect(decoded.unknownFields.data.isEmpty,
                "\(what): \(M.self) does not know field \(field.number) with wire type \(WireSamples.fieldWireType(of: field)); kept as unknown")
        let reencoded: [UInt8] = try decoded.serializedBytes()
        #expect(reencoded == bytes, "\(what): \(M.self) re-encodes as \(hex(reencoded)), spec encoding is \(hex(bytes))")
        let json = try decoded.jsonString()
        let expectedJSON = "{\"\(field.jsonName)\":\(JSONSamples.value(of: field))}"
        #expect(json == expectedJSON, "\(what): \(M.self) prints JSON \(json), spec says \(expectedJSON)")
    }

    /// Every value of every (generated) spec enum: the JSON name parses into the generated type and encodes as
    /// the spec number, through a field of the spec that uses the enum (a repeated one if any, so that value 0
    /// is written too).
    @Test("generated enums map spec names to spec numbers", arguments: SpecTables.enums.filter {
        !$0.fullName.hasPrefix("google.protobuf.")
    })
    func generatedEnumMatchesSpec(_ spec: SpecEnum) throws {
        let uses = generatedSpecMessages.flatMap { message in
            message.allFields.filter { $0.type == "." + spec.fullName }.map { (message, $0) }
        }
        let (message, field) = try #require(uses.first { $0.1.label == .repeated } ?? uses.first,
                                            "no spec field uses \(spec.fullName)")
        let type = try #require(Generated.messageTypesByName[message.fullName])
        for value in spec.values {
            try checkEnumValue(value, of: spec, through: field, of: message, in: type)
        }
    }

    private func checkEnumValue<M: SwiftProtobuf.Message>(
        _ value: SpecEnumValue, of spec: SpecEnum, through field: SpecField, of message: SpecMessage, in type: M.Type
    ) throws {
        let what = "\(spec.fullName).\(value.name) via \(message.fullName).\(field.name)"
        let json = field.label == .repeated
            ? "{\"\(field.jsonName)\":[\"\(value.name)\"]}" : "{\"\(field.jsonName)\":\"\(value.name)\"}"
        let decoded: M
        do {
            decoded = try M(jsonString: json)
        } catch {
            Issue.record("\(what): \(M.self) rejects \(json): \(error)")
            return
        }
        let number = WireSamples.varint(UInt64(bitPattern: Int64(value.number)))
        let expected: [UInt8] = switch field.label {
        case .repeated: WireSamples.tag(field.number, .lengthDelimited) + WireSamples.varint(UInt64(number.count)) + number
        default: value.number == 0 ? [] : WireSamples.tag(field.number, .varint) + number
        }
        let bytes: [UInt8] = try decoded.serializedBytes()
        #expect(bytes == expected, "\(what): encodes as \(hex(bytes)), spec says \(hex(expected)) (value \(value.number))")
    }

    // MARK: - 3. gRPC method descriptors of the generated code

    @Test("generated gRPC methods match the spec", arguments: SpecTables.services)
    func generatedMethodsMatchSpec(_ spec: SpecService) throws {
        let generated = try #require(Generated.services.first { $0.service.fullyQualifiedService == spec.fullName },
                                     "no generated gRPC service \(spec.fullName)")
        let paths = Set(generated.methods.map { "/" + $0.fullyQualifiedMethod })
        let specPaths = Set(spec.methods.map { "/\(spec.fullName)/\($0.name)" })
        #expect(paths.subtracting(specPaths).isEmpty, "\(spec.fullName): generated methods not in the spec: \(paths.subtracting(specPaths).sorted())")
        #expect(specPaths.subtracting(paths).isEmpty, "\(spec.fullName): spec methods not generated: \(specPaths.subtracting(paths).sorted())")
        for method in spec.methods {
            guard let descriptor = generated.methods.first(where: { $0.method == method.name }) else { continue }
            let expected: MethodDescriptor.RPCType = switch (method.clientStreaming, method.serverStreaming) {
            case (false, false): .unary
            case (true, false): .clientStreaming
            case (false, true): .serverStreaming
            case (true, true): .bidirectionalStreaming
            }
            #expect(descriptor.type == expected,
                    "/\(spec.fullName)/\(method.name): generated RPC type is \(descriptor.type.map { "\($0)" } ?? "nil"), spec says \(expected)")
        }
    }

    @Test("named gRPC method paths")
    func namedMethodPaths() {
        #expect(Mediforproto_Pipeline.Method.Detect.descriptor.fullyQualifiedMethod == "mediforproto.Pipeline/Detect")
        #expect(Workflowproto_Pipeline.Method.Detect.descriptor.fullyQualifiedMethod == "workflowproto.Pipeline/Detect")
        #expect(Workflowproto_Pipeline.Method.GetAnalyticMeta.descriptor.fullyQualifiedMethod
            == "workflowproto.Pipeline/GetAnalyticMeta")
        #expect(Mediforproto_Analytic.Method.DetectImageManipulation.descriptor.fullyQualifiedMethod
            == "mediforproto.Analytic/DetectImageManipulation")
        #expect(Mediforproto_StreamingProxy.Method.DetectStream.descriptor.type == .bidirectionalStreaming)
        #expect(Api_EntroQ.Method.Claim.descriptor.fullyQualifiedMethod == "api.EntroQ/Claim")
        #expect(Api_EntroQ.Method.StreamTasks.descriptor.type == .serverStreaming)
        #expect(Grpc_Health_V1_Health.Method.Check.descriptor.fullyQualifiedMethod == "grpc.health.v1.Health/Check")
        #expect(Grpc_Health_V1_Health.Method.Watch.descriptor.type == .serverStreaming)
        // Request/response types of a few methods, by their proto names.
        #expect(Workflowproto_Pipeline.Method.Detect.Input.protoMessageName == "mediforproto.DetectionRequest")
        #expect(Workflowproto_Pipeline.Method.DeleteDetection.Output.protoMessageName == "workflowproto.Empty")
        #expect(Mediforproto_Pipeline.Method.DeleteDetection.Output.protoMessageName == "mediforproto.Empty")
        #expect(Api_EntroQ.Method.QueueStats.Input.protoMessageName == "api.QueuesRequest")
    }
}

func hex(_ bytes: [UInt8]) -> String {
    bytes.isEmpty ? "<empty>" : bytes.map { String(format: "%02x", $0) }.joined(separator: " ")
}
