import Foundation
import Hummingbird
import Logging
import MediForProto

/// What one bulk action does to the detections picked in the gallery.
enum BulkAction: String, Sendable, CaseIterable {
    case tag, untag, fuse, delete

    /// The past tense for the gallery's notice ("Tagged 12 detections").
    var done: String {
        switch self {
        case .tag: "Tagged"
        case .untag: "Removed tags from"
        case .fuse: "Asked fusion again for"
        case .delete: "Deleted"
        }
    }
}

extension UIRoutes {
    /// The most detections one bulk request may name (a full gallery page is 250).
    static let maxBulkIDs = 500

    /// `POST /detections/bulk`: one action on the detections picked in the gallery. Fields: `id` (repeatable),
    /// `action` (`tag`, `untag`, `fuse` or `delete`), `tags` (for `tag`: tags to add; for `untag`: the keys to
    /// remove, comma-separated), `return` (the gallery URL to go back to). Every detection is tried; one that fails
    /// does not stop the others. The form gets a redirect back with a notice of how many succeeded and failed;
    /// JSON callers get `{"action", "done", "failed", "results": [{"id", "ok", "message"}]}`.
    func registerBulk(on router: Router<BasicRequestContext>) {
        router.post("/detections/bulk") { request, _ -> Response in
            let form = try await FormFields.body(of: request)
            guard let action = form["action"].flatMap(BulkAction.init(rawValue:)) else {
                throw HTTPError(.badRequest, message: "action must be one of tag, untag, fuse, delete")
            }
            var ids: [String] = []
            for id in form.all("id").map({ $0.trimmingCharacters(in: .whitespaces) }) where !id.isEmpty {
                if !ids.contains(id) { ids.append(id) }
            }
            guard !ids.isEmpty else { throw HTTPError(.badRequest, message: "no detection is selected") }
            guard ids.count <= Self.maxBulkIDs else {
                throw HTTPError(.badRequest, message: "at most \(Self.maxBulkIDs) detections at a time")
            }
            let tags = try Self.bulkTags(action, form["tags"] ?? "")
            let catalog = try await catalog.catalog()
            var results: [(id: String, error: String?)] = []
            for id in ids {
                do {
                    switch action {
                    case .tag: _ = try await updateTags(id, add: tags, remove: [])
                    case .untag: _ = try await updateTags(id, add: [], remove: tags.map(\.key))
                    case .fuse: _ = try await fuseAgain(id, fusers: [], catalog: catalog)
                    case .delete: try await deleteDetection(id)
                    }
                    results.append((id, nil))
                } catch let error as HTTPError {
                    results.append((id, error.body ?? "\(error.status)"))
                } catch {
                    results.append((id, "\(error)"))
                }
            }
            let failed = results.filter { $0.error != nil }.count
            logger.info(
                "bulk action from the UI",
                metadata: ["action": "\(action.rawValue)", "done": "\(results.count - failed)", "failed": "\(failed)"])
            if request.wantsJSON {
                let rows = results.map { result in
                    JSONText.object([
                        "id": .string(result.id), "ok": .bool(result.error == nil),
                        "message": result.error.map(JSONText.string) ?? .null,
                    ])
                }
                return PageRenderer.json(
                    JSONText.object([
                        "action": .string(action.rawValue), "done": .int(results.count - failed),
                        "failed": .int(failed), "results": .array(rows),
                    ]).text, status: failed == results.count ? .badRequest : .ok)
            }
            let notice = "\(action.rawValue):\(results.count - failed):\(failed)"
            return PageRenderer.redirect(to: Self.galleryReturn(form["return"], notice: notice))
        }
    }

    /// The tags of a bulk `tag` (key and value) or `untag` (keys; values are ignored).
    private static func bulkTags(_ action: BulkAction, _ text: String) throws -> [(key: String, value: String)] {
        guard action == .tag || action == .untag else { return [] }
        guard let tags = TagText.parseList(text) else {
            throw HTTPError(.badRequest, message: "a tag is malformed: write key=value or a label, comma-separated")
        }
        guard !tags.isEmpty else {
            throw HTTPError(.badRequest, message: action == .tag ? "no tag to add" : "no tag to remove")
        }
        return tags
    }

    /// The gallery URL to go back to with `notice=…`: `return` when it is a gallery URL of this site, the gallery
    /// otherwise (never another site).
    static func galleryReturn(_ requested: String?, notice: String) -> String {
        var base = "/gallery"
        if let requested, requested == "/gallery" || requested.hasPrefix("/gallery?"),
            !requested.contains("\\"), requested.allSatisfy({ !$0.isNewline })
        {
            base = requested
        }
        var components = URLComponents(string: base) ?? URLComponents(string: "/gallery")!
        var items = (components.queryItems ?? []).filter { $0.name != "notice" }
        items.append(URLQueryItem(name: "notice", value: notice))
        components.queryItems = items
        return components.string ?? "/gallery"
    }
}
