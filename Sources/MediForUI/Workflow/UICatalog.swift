import Foundation
import GRPCCore
import MediForProto

/// The analytics and fusers the workflow offers (`GetAnalyticMeta`), as the pages use them.
struct UICatalog: Sendable {
    /// One analytic or fuser.
    struct Entry: Sendable {
        var meta: Mediforproto_AnalyticMeta
        var id: String { meta.id }
        /// The friendly name, else the id.
        var name: String { meta.name.isEmpty ? meta.id : meta.name }
        var isFuser: Bool { meta.media.contains(.fusionImage) || meta.media.contains(.fusionVideo) }

        /// Whether it handles `kind` (`image` or `video`).
        func supports(_ kind: String) -> Bool {
            switch kind {
            case "image": isFuser ? meta.media.contains(.fusionImage) : meta.media.contains(.image)
            case "video": isFuser ? meta.media.contains(.fusionVideo) : meta.media.contains(.video)
            default: false
            }
        }
    }

    var analytics: [Entry]
    var fusers: [Entry]

    /// A catalogue from the workflow's answer.
    init(_ list: Mediforproto_AnalyticList) {
        let entries = list.analytics.map(Entry.init(meta:))
        analytics = entries.filter { !$0.isFuser }
        fusers = entries.filter(\.isFuser)
    }

    /// The entry with this id.
    func entry(_ id: String) -> Entry? { analytics.first { $0.id == id } ?? fusers.first { $0.id == id } }

    /// The friendly name of an id, or the id.
    func name(of id: String) -> String { entry(id)?.name ?? id }

    /// Whether a fusion result is expected for a detection once its analytics finish.
    func expectsFusion(_ info: Mediforproto_DetectionInfo) -> Bool {
        if let requested = info.requestedFusers { return !requested.isEmpty }
        return fusers.contains { $0.supports(info.mediaKind) }
    }

    /// The fuser a page scores with: the requested one if the workflow knows it, else the trained `logreg` fuser
    /// when the workflow has it (its scores are calibrated), else the first fuser.
    func chooseFuser(_ requested: String?) -> String? {
        if let requested, !requested.isEmpty, fusers.contains(where: { $0.id == requested }) { return requested }
        return fusers.first { $0.id == "logreg" }?.id ?? fusers.first?.id
    }
}

/// Caches the catalogue for a short while: it changes only when the workflow restarts with another
/// configuration, and every page needs it.
actor CatalogCache {
    private let client: WorkflowClient
    private let lifetime: Duration
    private var cached: (catalog: UICatalog, at: ContinuousClock.Instant)?

    init(client: WorkflowClient, lifetime: Duration = .seconds(30)) {
        self.client = client
        self.lifetime = lifetime
    }

    /// The catalogue, fetched again when the cached copy is older than the lifetime.
    ///
    /// - Throws: `HTTPError` when the workflow cannot be asked and nothing is cached.
    func catalog() async throws -> UICatalog {
        let now = ContinuousClock.now
        if let cached, cached.at.duration(to: now) < lifetime { return cached.catalog }
        do {
            let list: Mediforproto_AnalyticList
            do {
                list = try await client.pipeline.getAnalyticMeta(Mediforproto_Empty(), options: client.options)
            } catch let error as RPCError where error.code == .failedPrecondition {
                list = Mediforproto_AnalyticList()  // the workflow has no analytics configured
            } catch let error as RPCError {
                throw error.httpError
            }
            let catalog = UICatalog(list)
            cached = (catalog, now)
            return catalog
        } catch {
            if let cached { return cached.catalog }
            throw error
        }
    }
}
