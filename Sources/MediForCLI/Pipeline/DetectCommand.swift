import ArgumentParser
import Foundation
import MediForProto
import MediForWorkflow

/// `medifor detect`: copy images and videos into the shared storage and submit them to the Pipeline.
package struct DetectCommand: PipelineClientCommand {
    package static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Submit images and videos for manipulation detection.",
        discussion: """
            Each file is first copied into the shared storage root, as <root>/input/<md5>.<ext>: analytics never \
            receive bytes over the network, they read the file from storage. --storage-root must therefore be \
            the folder the server uses (`medifor serve`: <data-dir>/storage; `medifor workflow`: its \
            --storage-root), at the same path when the server runs on another machine (a shared mount). \
            Analytics write their outputs under <root>/output.

            Folders are searched recursively; hidden files and anything that is not an image or a video (judged \
            by its first bytes, else its extension) are skipped with a note. The detection id is the file's MD5, \
            so submitting the same file again updates the same detection (unless --id is given).

            With --wait, results are printed once every analytic and every fuser has finished: the fused score, \
            then one line per analytic (ok and its score, opt-out, or failed and why). Without it, one line per \
            submitted file: the detection id and the file. An analytic that fails is a result, not an error.

            Examples:
              medifor detect photo.jpg --wait
              medifor detect ~/cases/42 --tag case=42 --analytic ela_1.0
              medifor detect clip.mp4 --id clip-1 --user-tag label=suspect --json --wait

            \(PipelineExitStatus.help(partial: "files", waits: true)) \
            With --wait, a timeout (4) takes precedence over failed files (1).
            """
    )

    @Argument(help: ArgumentHelp("Image and video files, and folders to search.", valueName: "file-or-folder"))
    package var paths: [String]

    @Option(
        help: ArgumentHelp(
            "The shared storage folder the server reads media from. "
                + "[env: MEDIFOR_STORAGE_ROOT, default: ./medifor-data/storage]",
            valueName: "folder"))
    package var storageRoot: String?

    @Option(help: ArgumentHelp("Detection id for a single file, instead of its MD5.", valueName: "id"))
    package var id: String?

    @Option(
        name: .customLong("analytic"),
        help: ArgumentHelp(
            "Analytic to run (repeat for several; `medifor analytics` lists them). "
                + "Default: every analytic that supports the media.",
            valueName: "id"))
    package var analytics: [String] = []

    @Option(
        name: .customLong("fuser"),
        help: ArgumentHelp("Fuser to run when the analytics finish (repeat). Default: the server's.", valueName: "id"))
    package var fusers: [String] = []

    @Option(
        name: .customLong("tag"), help: ArgumentHelp("System tag (repeat).", valueName: "key=value"),
        transform: KeyValue.init(parsing:))
    package var tags: [KeyValue] = []

    @Option(
        name: .customLong("user-tag"), help: ArgumentHelp("User tag (repeat).", valueName: "key=value"),
        transform: KeyValue.init(parsing:))
    package var userTags: [KeyValue] = []

    @Option(
        name: .customLong("meta"), help: ArgumentHelp("Metadata to store with it (repeat).", valueName: "key=value"),
        transform: KeyValue.init(parsing:))
    package var meta: [KeyValue] = []

    @Option(
        help: ArgumentHelp("Seconds each analytic call may take on the server (0: its default).", valueName: "seconds"))
    package var analyticTimeout: Int64 = 0

    @Flag(help: "Wait until every analytic and fuser has finished, then print the scores.")
    package var wait = false

    @Option(help: ArgumentHelp("With --wait: give up after this many seconds in total.", valueName: "seconds"))
    package var waitTimeout: Double = 600

    @Flag(help: "Print one JSON object per file instead of text (see docs/pipeline-cli.md for its fields).")
    package var json = false

    @Flag(name: .shortAndLong, help: "No progress line on standard error.")
    package var quiet = false

    @OptionGroup package var client: PipelineClientOptions

    package init() {}

    package func validate() throws {
        if let id {
            guard !id.isEmpty else { throw ValidationError("--id must not be empty") }
            guard paths.count == 1 else { throw ValidationError("--id names one detection: give exactly one file") }
        }
        guard waitTimeout.isFinite, waitTimeout > 0 else {
            throw ValidationError("--wait-timeout must be a positive number of seconds")
        }
        guard analyticTimeout >= 0 else { throw ValidationError("--analytic-timeout must not be negative") }
        if let empty = (analytics + fusers).first(where: \.isEmpty) {
            throw ValidationError("analytic and fuser ids must not be empty, got '\(empty)'")
        }
    }

    /// The storage root: `--storage-root`, then `MEDIFOR_STORAGE_ROOT`, then `./medifor-data/storage`.
    package func resolveStorageRoot(environment: [String: String]) throws -> String {
        try Settings(environment: environment).string(
            storageRoot, env: "MEDIFOR_STORAGE_ROOT", default: "./medifor-data/storage")
    }

    /// The `Detect` request for one stored file.
    ///
    /// - Parameters:
    ///   - media: the file as stored by `MediaStorage.ingest`.
    ///   - outputDirectory: `<storage root>/output`.
    /// - Throws: `MediaError` when the media is neither an image nor a video.
    package func makeRequest(for media: StoredMedia, outputDirectory: String) throws -> Mediforproto_DetectionRequest {
        var resource = Mediforproto_Resource()
        resource.uri = media.path
        resource.type = media.type.mimeType
        var detection = Mediforproto_Detection()
        switch media.type.kind {
        case .image:
            var request = Mediforproto_ImageManipulationRequest()
            request.image = resource
            request.outDir = outputDirectory
            detection.imgManipReq = request
        case .video:
            var request = Mediforproto_VideoManipulationRequest()
            request.video = resource
            request.outDir = outputDirectory
            detection.vidManipReq = request
        case .other:
            throw MediaError(.invalid, "\(media.path) is \(media.type.mimeType), not an image or video")
        }
        var request = Mediforproto_DetectionRequest()
        request.id = id ?? media.md5
        request.request = detection
        request.analyticID = analytics
        request.fuserID = fusers
        request.tags = KeyValue.dictionary(tags)
        request.userTags = KeyValue.dictionary(userTags)
        request.meta = KeyValue.dictionary(meta)
        request.analyticTimeoutSec = analyticTimeout
        return request
    }

    package func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let configuration = try client.resolve(environment: environment)
        let console = PipelineConsole(showsProgress: !quiet)
        try await PipelineFailure.reporting(to: console, address: configuration.address) {
            let collection = MediaFileCollector.collect(paths)
            for skipped in collection.skipped { console.note("skipped \(skipped.path): \(skipped.reason)") }
            for problem in collection.problems { console.error(problem.message) }
            if id != nil && collection.files.count > 1 {
                throw ValidationError("--id names one detection, but \(paths[0]) holds \(collection.files.count) files")
            }
            guard !collection.files.isEmpty else {
                console.error("no image or video files to submit")
                throw ExitCode(PipelineExitStatus.failed)
            }
            let storage = try MediaStorage(root: try resolveStorageRoot(environment: environment))
            let status = try await configuration.withConnection { connection in
                var run = DetectRun(command: self, storage: storage, connection: connection, console: console)
                run.failures = collection.problems.count
                return try await run.run(collection.files)
            }
            if status != PipelineExitStatus.success { throw ExitCode(status) }
        }
    }
}
