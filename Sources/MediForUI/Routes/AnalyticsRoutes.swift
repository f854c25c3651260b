import Foundation
import Hummingbird
import MediForProto

extension UIRoutes {
    /// `GET /analytics`: the workflow's health, its analytics and fusers, their queue depths (when a
    /// ``QueueDepthSource`` is configured) and how their recent results went. `GET /api/analytics` gives the same
    /// as JSON.
    func registerAnalytics(on router: Router<BasicRequestContext>) {
        router.get("/analytics") { _, _ -> Response in
            let view = try await analyticsView()
            return renderer.page("analytics", view, title: "Analytics", section: .analytics)
        }
        router.get("/api/analytics") { _, _ -> Response in
            let view = try await analyticsView()
            return PageRenderer.json(view.json.text)
        }
    }

    private func analyticsView() async throws -> AnalyticsView {
        let health = await client.servingStatus()
        let catalog = try await catalog.catalog()
        var depths: [String: QueueDepth]?
        var depthError: String?
        if let queueDepths {
            do {
                depths = try await queueDepths.depths(
                    analytics: catalog.analytics.map(\.id), fusers: catalog.fusers.map(\.id))
            } catch {
                depthError = "the task queue did not answer"
            }
        }
        // Recent results: the latest uploads, with every analytic's outcome.
        var recent = Mediforproto_DetectionListRequest()
        var column = Mediforproto_SortCol()
        column.key = .meta
        column.metaKey = "File:UploadDate"
        recent.orderBy = [column]
        recent.pageSize = AnalyticsView.sampleSize
        let sample = try await callingWorkflow {
            try await client.pipeline.getDetectionList(recent, options: client.options)
        }
        // Fusion results are not in list rows: read the most recent detections one by one.
        var fused: [Mediforproto_DetectionInfo] = []
        for info in sample.detections.prefix(AnalyticsView.fusionSampleSize) {
            if let full = try? await detection(info.id, fuser: nil) { fused.append(full) }
        }
        return AnalyticsView(
            health: health, address: client.address, catalog: catalog, depths: depths, depthError: depthError,
            sample: sample.detections, fusionSample: fused, queueConfigured: queueDepths != nil)
    }
}
