import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import MediForAnalytics
import MediForImaging
import MediForProto
import SwiftProtobuf
import Testing

@Suite("Fusion: served over gRPC")
struct FusionServiceTests {
    @Test("logreg answers FuseImageManipulation over loopback gRPC with the same result as a direct call, mask included")
    func logregOverGRPC() async throws {
        let folder = try FusionFixture.folder("grpc")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let left = try FusionFixture.mask(folder + "/left.png", width: 6, height: 4) { x, _ in x < 3 ? 0 : 255 }
        let fuser = LogRegFuser(model: FusionFixture.model)
        let request = FusionFixture.request(
            [FusionFixture.entry("ela", 0.8, mask: left), FusionFixture.entry("cfa", nil)], outDir: folder + "/out",
            wantMasks: true)
        let transport = HTTP2ServerTransport.Posix(address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext)
        let response = try await withGRPCServer(transport: transport, services: [NativeFuserService(fuser: fuser)]) { server in
            let port = try #require(try await server.listeningAddress?.ipv4?.port)
            let client = try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
            return try await withGRPCClient(transport: client) { client in
                try await Mediforproto_Fuser.Client(wrapping: client).fuseImageManipulation(request)
            }
        }
        #expect(response == (try fuser.fuse(request)))
        #expect(response.localization.mask.uri == folder + "/out/logreg-mask.png")
        #expect(try FusionFixture.readMask(response.localization.mask.uri)[0, 0] == 0)
        #expect(response.explanation.hasPrefix("logreg "))
        #expect(response.explanation.contains("opted out: cfa -0.50"))
    }
}
