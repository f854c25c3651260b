import Foundation
import MediForProto
import MediForStore
import Testing

@Suite("List requests and stored values")
struct ListRequestTests {
    @Test(
        "page size clamps: below 1 → 100, above 250 → 250",
        arguments: [(Int32(0), 100), (-5, 100), (1, 1), (250, 250), (251, 250), (10_000, 250)])
    func pageSizes(_ requested: Int32, _ effective: Int) async throws {
        try await withSQLiteStore { store, _, _ in
            for index in 0..<260 { try await store.seed(String(format: "d%03d", index)) }
            var request = Mediforproto_DetectionListRequest()
            request.pageSize = requested
            let page = try await store.list(request)
            #expect(page.detections.count == effective && page.total == 260)
            #expect(!page.pageToken.isEmpty)
        }
    }

    @Test("req_resources of a splice request: probe then donor")
    func spliceResources() {
        var request = Mediforproto_ImageSpliceRequest()
        request.probeImage.uri = "/p.png"
        request.donorImage.uri = "/d.png"
        var detection = Mediforproto_Detection()
        detection.imgSpliceReq = request
        #expect(StoredDetection.requestResources(of: detection).map(\.uri) == ["/p.png", "/d.png"])
    }
}
