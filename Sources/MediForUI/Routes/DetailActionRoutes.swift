import Foundation
import Hummingbird
import Logging
import MediForProto
import MediForWorkflow

extension UIRoutes {
    /// Form posts on one detection: `POST /detections/:id/tags` (fields `add`: tags to add, comma-separated;
    /// `remove`: keys to remove, repeatable), `POST /detections/:id/delete`, `POST /detections/:id/fuse`
    /// (`fuser`, repeatable; none means every fuser for the media). Each answers with a redirect back, or JSON when
    /// asked for.
    func registerDetailActions(on router: Router<BasicRequestContext>) {
        router.post("/detections/:id/tags") { request, context -> Response in
            let id = try pathParameter(context, "id")
            let form = try await FormFields.body(of: request)
            guard let added = TagText.parseList(form["add"] ?? "") else {
                throw HTTPError(.badRequest, message: "a tag is malformed: write key=value or a label, comma-separated")
            }
            let removed = form.all("remove").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !added.isEmpty || !removed.isEmpty else {
                throw HTTPError(.badRequest, message: "no tag to add or remove")
            }
            let info = try await updateTags(id, add: added, remove: removed)
            if request.wantsJSON {
                let tags = info.userTags.sorted { $0.key < $1.key }.map {
                    JSONText.string(TagText.format(($0.key, $0.value)))
                }
                return PageRenderer.json(JSONText.object(["id": .string(id), "userTags": .array(tags)]).text)
            }
            return PageRenderer.redirect(to: backToDetail(id, form))
        }
        router.post("/detections/:id/delete") { request, context -> Response in
            let id = try pathParameter(context, "id")
            let form = try await FormFields.body(of: request)
            try await deleteDetection(id)
            if request.wantsJSON { return PageRenderer.json(JSONText.object(["deleted": .string(id)]).text) }
            return PageRenderer.redirect(to: "/gallery" + (form.nonEmpty("ctx").map { "?" + $0 } ?? ""))
        }
        router.post("/detections/:id/fuse") { request, context -> Response in
            let id = try pathParameter(context, "id")
            let form = try await FormFields.body(of: request)
            let catalog = try await catalog.catalog()
            let fusers = try await fuseAgain(id, fusers: form.all("fuser").filter { !$0.isEmpty }, catalog: catalog)
            if request.wantsJSON {
                return PageRenderer.json(JSONText.object(["fusing": .array(fusers.map(JSONText.string))]).text)
            }
            return PageRenderer.redirect(to: backToDetail(id, form))
        }
    }

    /// Adds and removes user tags of one detection; returns the detection as the workflow then has it.
    func updateTags(_ id: String, add: [(key: String, value: String)], remove: [String]) async throws
        -> Mediforproto_DetectionInfo
    {
        var update = Mediforproto_UpdateDetectionTagsRequest()
        update.detectionID = id
        for tag in add { update.tags[tag.key] = tag.value }
        update.deleteTags = remove
        return try await callingWorkflow {
            try await client.pipeline.updateDetectionTags(update, options: client.options)
        }
    }

    /// Deletes one detection. Deleting an unknown id succeeds in the workflow; it is looked up first so that a typo
    /// is reported (404).
    func deleteDetection(_ id: String) async throws {
        _ = try await detection(id, fuser: nil)
        var delete = Mediforproto_DeleteDetectionRequest()
        delete.detectionID = id
        _ = try await callingWorkflow { try await client.pipeline.deleteDetection(delete, options: client.options) }
        logger.info("detection deleted from the UI", metadata: ["medifor.detection.id": "\(id)"])
    }

    /// Asks the workflow to fuse one detection again with `fusers` (none: every fuser for its media); returns the
    /// fusers asked.
    func fuseAgain(_ id: String, fusers requested: [String], catalog: UICatalog) async throws -> [String] {
        let info = try await detection(id, fuser: nil)
        let fusers = requested.isEmpty ? catalog.fusers.filter { $0.supports(info.mediaKind) }.map(\.id) : requested
        guard !fusers.isEmpty else {
            throw HTTPError(.conflict, message: "the workflow has no fuser for this media")
        }
        if let unknown = fusers.first(where: { catalog.entry($0)?.isFuser != true }) {
            throw HTTPError(.badRequest, message: "unknown fuser \(unknown)")
        }
        var fuse = Mediforproto_FusionRequest()
        fuse.detectionID = id
        fuse.fuserID = fusers
        fuse.detectionIDOutDir = files.storage.outputDirectory
        _ = try await callingWorkflow { try await client.pipeline.fuseByID(fuse, options: client.options) }
        logger.info(
            "fusion requested from the UI",
            metadata: ["medifor.detection.id": "\(id)", "fusers": "\(fusers.joined(separator: ","))"])
        return fusers
    }

    /// The detail page URL a form came from (its `fuser` and `ctx` fields kept).
    private func backToDetail(_ id: String, _ form: FormFields) -> String {
        var parameters: [(String, String)] = []
        if let fuser = form.nonEmpty("return_fuser") { parameters.append(("fuser", fuser)) }
        if let context = form.nonEmpty("ctx") { parameters.append(("ctx", context)) }
        return "/detections/" + FormFields.escape(id) + (parameters.isEmpty ? "" : "?" + FormFields.query(parameters))
    }
}
