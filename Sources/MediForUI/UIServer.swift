public import Hummingbird
public import Logging
import MediForWorkflow
public import ServiceLifecycle

/// The web UI as a service: an HTTP server (Hummingbird) with every page, plus its workflow connection.
///
/// Make it with ``make(configuration:workflow:queueDepths:logger:)``, which loads the templates and assets and opens
/// the storage root, then run it in a `ServiceGroup`. `run()` serves until graceful shutdown; live-update streams
/// end at shutdown so it does not wait on them. ``application`` is the Hummingbird application, for tests.
public struct UIServer: Service {
    /// The Hummingbird application (routes plus the workflow client as a service).
    public let application: Application<RouterResponder<BasicRequestContext>>

    /// Builds the UI.
    ///
    /// - Parameters:
    ///   - workflow: the connection to the workflow; the UI runs it as one of its services.
    ///   - queueDepths: where the analytics page reads queue depths, when the queue is reachable.
    /// - Throws: `UIError` when the assets are missing or broken, or the storage root cannot be opened.
    public static func make(
        configuration: UIConfiguration, workflow: WorkflowClient, queueDepths: (any QueueDepthSource)?,
        logger: Logger
    ) async throws -> UIServer {
        let assets = try await UIAssets.load(directory: configuration.assetsDirectory)
        let storage: MediaStorage
        do {
            storage = try MediaStorage(root: configuration.storageRoot, maxFileBytes: configuration.maxFileBytes)
        } catch {
            throw UIError("storage root: \(error.message)")
        }
        let routes = UIRoutes(
            configuration: configuration, client: workflow, catalog: CatalogCache(client: workflow),
            renderer: PageRenderer(assets: assets), files: StorageFiles(storage: storage),
            queueDepths: queueDepths, logger: logger)
        let router = Router()
        router.add(middleware: ErrorPageMiddleware(renderer: routes.renderer, logger: logger))
        router.add(middleware: SameOriginMiddleware())
        routes.register(on: router)
        let application = Application(
            router: router,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "medifor-ui"),
            services: [workflow],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                logger.info("web UI at http://\(configuration.host):\(port)")
            },
            logger: logger)
        return UIServer(application: application)
    }

    public func run() async throws {
        try await application.run()
    }
}

/// Everything the route handlers share.
struct UIRoutes: Sendable {
    let configuration: UIConfiguration
    let client: WorkflowClient
    let catalog: CatalogCache
    let renderer: PageRenderer
    let files: StorageFiles
    let queueDepths: (any QueueDepthSource)?
    let logger: Logger

    var scanner: ListScanner { ListScanner(client: client) }
    var thumbnails: Thumbnails { Thumbnails(files: files) }

    /// Registers every route.
    func register(on router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in PageRenderer.redirect(to: "/gallery") }
        router.get("/healthz") { _, _ in "ok" }
        registerAssets(on: router)
        registerGallery(on: router)
        registerDetail(on: router)
        registerDetailActions(on: router)
        registerBulk(on: router)
        registerUpload(on: router)
        registerMedia(on: router)
        registerExports(on: router)
        registerAnalytics(on: router)
        registerEvents(on: router)
    }
}
