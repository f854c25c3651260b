import Foundation
import Hummingbird
import MediForProto

extension UIRoutes {
    /// `GET /detections/:id` (the page) and `GET /detections/:id/results` (its results sections, for live updates).
    func registerDetail(on router: Router<BasicRequestContext>) {
        router.get("/detections/:id") { request, context -> Response in
            let (view, _) = try await detailView(request, context)
            return renderer.page("detail", view, title: view.name, section: .gallery, script: "viewer.js")
        }
        router.get("/detections/:id/results") { request, context -> Response in
            let (view, _) = try await detailView(request, context, neighbours: false)
            return renderer.fragment("results", view)
        }
    }

    /// The detail view for a request: the detection, the chosen fuser, and next/previous from the gallery context.
    func detailView(_ request: Request, _ context: BasicRequestContext, neighbours: Bool = true) async throws
        -> (DetailView, Mediforproto_DetectionInfo)
    {
        let id = try pathParameter(context, "id")
        let fields = try FormFields(query: request)
        let catalog = try await catalog.catalog()
        let fuser = catalog.chooseFuser(fields.nonEmpty("fuser"))
        let info = try await detection(id, fuser: fuser)
        let galleryContext = fields.nonEmpty("ctx")
        var view = DetailView(
            info, catalog: catalog, files: files, fuser: fuser, mask: fields.nonEmpty("mask"), context: galleryContext)
        if neighbours, let galleryContext {
            (view.prevHref, view.nextHref) = try await neighbourLinks(of: id, context: galleryContext, catalog: catalog)
        }
        return (view, info)
    }

    /// Links to the detections before and after `id` in the gallery page `context` describes; the next link
    /// continues onto the following page.
    private func neighbourLinks(of id: String, context: String, catalog: UICatalog) async throws
        -> (String?, String?)
    {
        guard let query = try? GalleryQuery(FormFields(encoded: context[...]), defaultPageSize: configuration.pageSize)
        else { return (nil, nil) }
        let fuser = catalog.chooseFuser(query.fuser)
        let keep = query.keeps(catalog: catalog)
        let request = query.listRequest(fuser: fuser, minimal: keep == nil)
        let page = try await scanner.page(
            request, from: query.cursor, pageSize: query.pageSize, maxScan: 5_000, keep: keep)
        guard let index = page.detections.firstIndex(where: { $0.id == id }) else { return (nil, nil) }
        func link(_ target: String, _ targetContext: String) -> String {
            var parameters: [(String, String)] = [("ctx", targetContext)]
            if let fuser = query.fuser { parameters.insert(("fuser", fuser), at: 0) }
            return "/detections/" + FormFields.escape(target) + "?" + FormFields.query(parameters)
        }
        let previous = index > 0 ? link(page.detections[index - 1].id, context) : nil
        var next: String?
        if index + 1 < page.detections.count {
            next = link(page.detections[index + 1].id, context)
        } else if let cursor = page.next {
            var following = query
            following.cursor = cursor
            let nextPage = try await scanner.page(request, from: cursor, pageSize: 1, maxScan: 5_000, keep: keep)
            if let first = nextPage.detections.first { next = link(first.id, following.queryString()) }
        }
        return (previous, next)
    }
}
