import EntroQ
import EntroQProto
import EntroQService
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import Logging
import MediForProto
import SwiftProtobuf
import Testing

/// Sends already-encoded bytes, to put malformed messages on the wire.
struct RawBytesSerializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
}

/// Runs `body` with a queue server over a memory backend and a plain gRPC client connected to it.
func withRawGRPC(
    _ body: @escaping @Sendable (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> Void
) async throws {
    let logger = Logger(label: "entroq.test")
    let server = GRPCServerService(
        host: "127.0.0.1", port: 0, services: [EntroQGRPCService(backend: MemoryBackend(), logger: logger)],
        health: HealthService(services: ["api.EntroQ"]), logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.server.serve() }
        let port = try #require(try await server.listeningPort())
        let client = GRPCClient(
            transport: try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext))
        group.addTask { try await client.runConnections() }
        defer { group.cancelAll() }
        try await body(client)
    }
}

@Suite("gRPC wire behaviour")
struct GRPCWireTests {
    @Test("health reports SERVING for the empty name and the service, NOT_FOUND for others")
    func health() async throws {
        try await withRawGRPC { client in
            let health = Grpc_Health_V1_Health.Client(wrapping: client)
            for name in ["", "api.EntroQ"] {
                let response = try await health.check(.with { $0.service = name })
                #expect(response.status == .serving)
            }
            await #expect(throws: RPCError.self) { _ = try await health.check(.with { $0.service = "nope" }) }
        }
    }

    @Test("a malformed message is INVALID_ARGUMENT and the server keeps serving")
    func malformedProtobuf() async throws {
        try await withRawGRPC { client in
            let descriptor = MethodDescriptor(fullyQualifiedService: "api.EntroQ", method: "Modify")
            do {
                _ = try await client.unary(
                    request: ClientRequest(message: [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]),
                    descriptor: descriptor, serializer: RawBytesSerializer(),
                    deserializer: ProtobufDeserializer<Api_ModifyResponse>(), options: .defaults
                ) { try $0.message }
                Issue.record("a malformed request was accepted")
            } catch let error as RPCError {
                #expect(error.code == .invalidArgument)
            }
            let time = try await Api_EntroQ.Client(wrapping: client).time(Api_TimeRequest())
            #expect(time.timeMs > 0)
        }
    }

    @Test("a dependency error is NOT_FOUND with api.ModifyDep details in grpc-status-details-bin")
    func dependencyDetails() async throws {
        try await withRawGRPC { client in
            let stub = Api_EntroQ.Client(wrapping: client)
            let request = Api_ModifyRequest.with {
                $0.claimantID = "c"
                $0.deletes = [.with { $0.id = "missing"; $0.version = 2 }]
                $0.depends = [.with { $0.id = "also-missing"; $0.version = 0 }]
            }
            do {
                _ = try await stub.modify(request)
                Issue.record("the modification was accepted")
            } catch let error as RPCError {
                #expect(error.code == .notFound)
                #expect(error.message == "modification dependency error")
                let status = try #require(try error.unpackGoogleRPCStatus())
                let anys = status.details.compactMap(\.any)
                #expect(anys.allSatisfy { $0.typeURL == "type.googleapis.com/api.ModifyDep" })
                let deps = try anys.map { try Api_ModifyDep(unpackingAny: $0) }
                #expect(deps.map(\.type) == [.detail, .depend, .delete] || deps.map(\.type) == [.detail, .delete, .depend])
                #expect(Set(deps.dropFirst().map(\.id.id)) == ["missing", "also-missing"])
            }
        }
    }

    @Test("doc operations are refused clearly")
    func docsRefused() async throws {
        try await withRawGRPC { client in
            let stub = Api_EntroQ.Client(wrapping: client)
            await #expect(throws: RPCError.self) { _ = try await stub.docs(Api_DocsRequest()) }
            do {
                _ = try await stub.modify(.with { $0.claimantID = "c"; $0.docInserts = [.with { $0.namespace = "n" }] })
                Issue.record("a doc insert was accepted")
            } catch let error as RPCError {
                #expect(error.code == .invalidArgument)
            }
        }
    }

    @Test("a message over the 10 MB limit is refused and the server keeps serving")
    func oversized() async throws {
        try await withRawGRPC { client in
            let stub = Api_EntroQ.Client(wrapping: client)
            let big = Api_ModifyRequest.with {
                $0.claimantID = "c"
                $0.inserts = [.with { $0.queue = "/big"; $0.err = String(repeating: "x", count: 11 << 20) }]
            }
            await #expect(throws: RPCError.self) { _ = try await stub.modify(big) }
            let stats = try await stub.queueStats(Api_QueuesRequest())
            #expect(stats.queues.isEmpty)
        }
    }
}
