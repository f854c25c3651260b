import Foundation
import Hummingbird
import Logging
import MediForProto
import NIOCore
import ServiceLifecycle
import Synchronization

extension UIRoutes {
    /// `GET /events`: live updates as server-sent events.
    ///
    /// - `watch=<id>` (repeatable, at most 250): a `detection` event whenever that detection's progress, failures,
    ///   phase or fused score (of `fuser`) changes, the first one at once; a `gone` event if it is deleted. A
    ///   watched detection is dropped once complete.
    /// - `follow=1` with the gallery's filters and `total=<n>`: a `changed` event when the number of detections
    ///   matching the filters differs from the last one known.
    ///
    /// The stream ends with an `end` event when nothing is left to watch and nothing is followed, after
    /// ``UIConfiguration/streamLifetime`` (the browser reconnects), or at graceful shutdown.
    func registerEvents(on router: Router<BasicRequestContext>) {
        router.get("/events") { request, _ -> Response in
            let fields = try FormFields(query: request)
            var seen = Set<String>()
            let initialWatch = fields.all("watch").filter { !$0.isEmpty && seen.insert($0).inserted }
            guard initialWatch.count <= 250 else {
                throw HTTPError(.badRequest, message: "watch at most 250 detections")
            }
            let follow = fields["follow"] == "1"
            let query = follow ? try GalleryQuery(fields, defaultPageSize: 1) : nil
            let initialTotal = try fields["total"].map { text -> Int in
                guard let value = Int(text), value >= 0 else {
                    throw HTTPError(.badRequest, message: "total must be a count")
                }
                return value
            }
            let catalog = try await catalog.catalog()
            let fuser = catalog.chooseFuser(fields.nonEmpty("fuser") ?? query?.fuser)
            let routes = self
            var headers = PageRenderer.securityHeaders
            headers[.contentType] = "text/event-stream"
            headers[.cacheControl] = "no-cache"
            let body = ResponseBody { writer in
                var watched = initialWatch
                var knownTotal = initialTotal
                let stop = StopFlag()
                let clock = ContinuousClock()
                let deadline = clock.now.advanced(by: routes.configuration.streamLifetime)
                var sent: [String: String] = [:]
                var tick = 0
                try await writer.write(ByteBuffer(string: "retry: 3000\n\n"))
                do {
                    try await withGracefulShutdownHandler {
                        while clock.now < deadline && !stop.isSet {
                            if !watched.isEmpty {
                                let events = try await routes.changes(
                                    of: watched, fuser: fuser, catalog: catalog, sent: &sent)
                                for event in events {
                                    if !event.text.isEmpty { try await writer.write(ByteBuffer(string: event.text)) }
                                    if event.isFinal { watched.removeAll { $0 == event.id } }
                                }
                            }
                            if let query, tick % 3 == 0 {
                                var count = query.listRequest(fuser: fuser, minimal: true)
                                count.pageSize = 1
                                count.orderBy = []
                                let total = Int(
                                    try await routes.client.pipeline.getDetectionList(
                                        count, options: routes.client.options
                                    ).total)
                                if let known = knownTotal, known != total {
                                    try await writer.write(
                                        ByteBuffer(string: "event: changed\ndata: {\"total\":\(total)}\n\n"))
                                }
                                knownTotal = total
                            }
                            if watched.isEmpty && query == nil { break }
                            tick += 1
                            try await Task.sleep(for: routes.configuration.pollInterval)
                        }
                    } onGracefulShutdown: {
                        stop.set()
                    }
                } catch is CancellationError {
                    // Shutdown or a closed connection: end the stream quietly.
                } catch {
                    routes.logger.debug("live updates stopped", metadata: ["error.message": "\(error)"])
                }
                try? await writer.write(ByteBuffer(string: "event: end\ndata: {}\n\n"))
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    /// Set once, at graceful shutdown; read by the stream loop.
    final class StopFlag: Sendable {
        private let flag = Atomic<Bool>(false)
        var isSet: Bool { flag.load(ordering: .relaxed) }
        func set() { flag.store(true, ordering: .relaxed) }
    }

    /// One server-sent event about a detection.
    struct DetectionEvent {
        var id: String
        var text: String
        /// Nothing more will be sent about this detection.
        var isFinal: Bool
    }

    /// The events for the watched detections whose state differs from what was last sent.
    func changes(
        of ids: [String], fuser: String?, catalog: UICatalog, sent: inout [String: String]
    ) async throws -> [DetectionEvent] {
        var request = Mediforproto_DetectionListRequest()
        request.detectionIds = ids
        request.pageSize = Int32(ids.count)
        if let fuser {
            request.fuserID = fuser
            request.wantFused = true
        }
        let rows = try await client.pipeline.getDetectionList(request, options: client.options).detections
        let settled = try await settledFusions(rows, catalog: catalog)
        var events: [DetectionEvent] = []
        for info in rows {
            let state = DetectionState(
                info, expectsFusion: catalog.expectsFusion(info), fusionSettled: settled.contains(info.id))
            let data = JSONText.object([
                ("id", .string(info.id)), ("phase", .string(state.phase.rawValue)), ("finished", .int(state.finished)),
                ("total", .int(state.total)), ("failed", .int(state.failed)), ("score", .optional(state.fusedScore)),
                ("label", .string(state.label)), ("complete", .bool(state.isComplete)),
            ]).text
            if sent[info.id] != data {
                sent[info.id] = data
                events.append(
                    DetectionEvent(id: info.id, text: "event: detection\ndata: \(data)\n\n", isFinal: state.isComplete))
            } else if state.isComplete {
                events.append(DetectionEvent(id: info.id, text: "", isFinal: true))
            }
        }
        let present = Set(rows.map(\.id))
        for id in ids where !present.contains(id) {
            let data = JSONText.object(["id": .string(id)]).text
            events.append(DetectionEvent(id: id, text: "event: gone\ndata: \(data)\n\n", isFinal: true))
        }
        return events
    }
}
