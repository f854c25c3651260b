import Foundation
import Hummingbird
import MediForProto
import MediForWorkflow

extension UIRoutes {
    /// `GET /gallery` (the page) and `GET /gallery/card/:id` (one card, for live updates).
    func registerGallery(on router: Router<BasicRequestContext>) {
        router.get("/gallery") { request, _ in try await galleryPage(request) }
        router.get("/gallery/card/:id") { request, context -> Response in
            let id = try pathParameter(context, "id")
            let fields = try FormFields(query: request)
            let catalog = try await catalog.catalog()
            let fuser = catalog.chooseFuser(fields.nonEmpty("fuser"))
            let info = try await detection(id, fuser: fuser)
            let settled = try await settledFusions([info], catalog: catalog)
            let card = CardView(
                info, catalog: catalog, files: files, fuser: fuser, context: fields.nonEmpty("ctx"),
                fusionSettled: settled.contains(info.id))
            return renderer.fragment("card", card)
        }
    }

    private func galleryPage(_ request: Request) async throws -> Response {
        let fields = try FormFields(query: request)
        let query = try GalleryQuery(fields, defaultPageSize: configuration.pageSize)
        let catalog = try await catalog.catalog()
        let fuser = catalog.chooseFuser(query.fuser)
        if fuser == nil && (query.minScore != nil || query.maxScore != nil) {
            throw HTTPError(.badRequest, message: "score filters need a fuser, and the workflow has none")
        }
        let page = try await scanner.page(
            query.listRequest(fuser: fuser), from: query.cursor, pageSize: query.pageSize, maxScan: 5_000,
            keep: query.keeps(catalog: catalog))
        let settled = try await settledFusions(page.detections, catalog: catalog)
        let context = query.queryString()
        let cards = page.detections.map {
            CardView(
                $0, catalog: catalog, files: files, fuser: fuser, context: context,
                fusionSettled: settled.contains($0.id))
        }
        var tagRequest = Mediforproto_DetectionTagInfoRequest()
        for tag in query.tags { tagRequest.requireTags[tag.key] = tag.value }
        if let type = query.mediaType { tagRequest.requireTags["type"] = type }
        tagRequest.skipPrefixes = ["__"]
        let tagInfo = try await callingWorkflow {
            try await client.pipeline.getDetectionTagInfo(tagRequest, options: client.options)
        }
        var view = GalleryView(query: query, page: page, cards: cards, catalog: catalog, fuser: fuser, tagInfo: tagInfo)
        if let notice = fields["notice"].flatMap(GalleryView.notice(bulk:)) {
            view.notice = notice.text
            view.noticeFailed = notice.failed
        }
        return renderer.page("gallery", view, title: "Gallery", section: .gallery, script: "gallery.js")
    }

    /// The ids among `detections` whose analytics are all done, that have no fused score, and whose started
    /// fusions have all finished (asked with `GetDetectionInfo`): nothing more will arrive for them.
    func settledFusions(_ detections: [Mediforproto_DetectionInfo], catalog: UICatalog) async throws -> Set<String> {
        var settled: Set<String> = []
        for info in detections
        where !info.hasFused_p && info.analyticsTotal > 0
            && info.analyticsFinished >= info.analyticsTotal && catalog.expectsFusion(info)
        {
            let full = try await detection(info.id, fuser: nil)
            if !full.fusionInfo.isEmpty && full.fusionInfo.allSatisfy({ $0.stage == .finished }) {
                settled.insert(info.id)
            }
        }
        return settled
    }

    /// `GetDetectionInfo(want_fused)`, with `fused_score` taken from `fuser` when given.
    ///
    /// - Throws: `HTTPError(.notFound)` for an unknown id, or the mapped workflow failure.
    func detection(_ id: String, fuser: String?) async throws -> Mediforproto_DetectionInfo {
        var request = Mediforproto_DetectionInfoRequest()
        request.id = id
        request.wantFused = true
        var info = try await callingWorkflow {
            try await client.pipeline.getDetectionInfo(request, options: client.options)
        }
        if let fuser {
            let score = info.fusionInfo.first { $0.fuserID == fuser && $0.status == .success }?.fusion.fusedScore
            info.hasFused_p = score != nil
            info.fusedScore = score ?? 0
        }
        return info
    }

    /// A path parameter, percent-decoded; `400` when it is malformed or empty.
    func pathParameter(_ context: BasicRequestContext, _ name: String) throws -> String {
        guard let raw = context.parameters.get(name), let value = raw.removingPercentEncoding, !value.isEmpty,
            value.utf8.count <= 512
        else { throw HTTPError(.badRequest, message: "malformed \(name) in the path") }
        return value
    }
}
