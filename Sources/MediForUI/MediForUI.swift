// MediForUI: the analysts' web UI. Server-rendered HTML (Mustache templates), small ES modules and CSS, served by
// Hummingbird. It talks to the workflow only through the Pipeline gRPC API and reads and writes the shared storage
// root (uploads go to `input/`, masks are read from `output/`), so the same code runs inside `medifor serve` and
// as `medifor ui` against a remote workflow on the same shared volume.
//
// It owns the HTTP side only: routes, views, uploads, exports, live updates. It must not import the queue or the
// results store; what it needs from the queue (depths for the analytics page) arrives through
// ``QueueDepthSource``.
import Foundation

/// Settings of the web UI.
public struct UIConfiguration: Sendable {
    /// Address to listen on.
    public var host = "127.0.0.1"
    /// Port to listen on; 0 lets the system choose.
    public var port = 8080
    /// The storage root the workflow uses (same path on the same volume).
    public var storageRoot: String
    /// The largest file one upload may carry, in bytes.
    public var maxFileBytes: Int64 = 2 << 30
    /// The largest upload request (all its files), in bytes.
    public var maxRequestBytes: Int64 = 8 << 30
    /// Detections per gallery page unless the page asks for another size.
    public var pageSize = 60
    /// How often live updates ask the workflow for changes.
    public var pollInterval: Duration = .seconds(1)
    /// How long one live-update stream stays open before the browser reconnects.
    public var streamLifetime: Duration = .seconds(300)
    /// The longest one workflow call may take.
    public var callTimeout: Duration = .seconds(30)
    /// Most rows an export or a status-filtered page reads from the workflow.
    public var maxScanRows = 50_000
    /// A folder with `templates/`, `js/` and `css/` to use instead of the bundled assets (for development).
    public var assetsDirectory: String?
    /// Where the UI reaches the workflow, for the analytics page.
    public var workflowAddress = ""

    /// Settings for a storage root; everything else at its default.
    public init(storageRoot: String) {
        self.storageRoot = storageRoot
    }
}
