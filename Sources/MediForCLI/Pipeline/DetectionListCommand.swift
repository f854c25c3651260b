import ArgumentParser
import Foundation
import MediForProto

/// `medifor list`: search the stored detections (`Pipeline.GetDetectionList`).
package struct DetectionListCommand: PipelineClientCommand {
    package static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List detections, filtered, sorted and paged.",
        discussion: """
            Filters combine: a detection is listed when it matches all of them. --tag matches system and user \
            tags alike (a user tag wins over a system tag with the same key). --since and --until take epoch \
            seconds or an ISO-8601 date or date-time (UTC unless a zone is given); a date alone covers that \
            whole day, so `--since 2024-05-01 --until 2024-05-01` lists that day.

            --sort takes score, meta:KEY or meta-query, each optionally followed by :asc (the default) or :desc; \
            repeat it for secondary keys, primary first. A key may contain colons: `meta:Hash:md5:desc`. score and \
            --above/--below use the fused score of --fuser; meta-query ranks by relevance to --meta-query.

            Output: ID, fused score (of --fuser; `-` if none), analytics finished/total, and tags; the last line \
            gives the total and the --page-token of the next page. --json prints one DetectionList object in the \
            proto3 JSON mapping (with --all, every page merged into it).

            Examples:
              medifor list --tag case=42 --fuser avg_1.0 --sort score:desc --above 0.8
              medifor list --since 2024-05-01 --sort meta:Hash:md5 --all --json

            \(PipelineExitStatus.help())
            """,
        aliases: ["detectlist"]
    )

    @Option(
        name: .customLong("tag"), help: ArgumentHelp("Only detections with this tag (repeat).", valueName: "key=value"),
        transform: KeyValue.init(parsing:))
    package var tags: [KeyValue] = []

    @Option(help: ArgumentHelp("Full-text search in the metadata values.", valueName: "text"))
    package var metaQuery: String?

    @Option(
        help: ArgumentHelp("Only detections created at or after this time.", valueName: "time"),
        transform: { try TimeArgument.epochSeconds(parsing: $0, bound: .start) })
    package var since: Int64?

    @Option(
        help: ArgumentHelp("Only detections created at or before this time.", valueName: "time"),
        transform: { try TimeArgument.epochSeconds(parsing: $0, bound: .end) })
    package var until: Int64?

    @Option(name: .customLong("id"), help: ArgumentHelp("Only this detection (repeat).", valueName: "id"))
    package var ids: [String] = []

    @Option(help: ArgumentHelp("Fuser whose score is shown, sorted on and thresholded.", valueName: "id"))
    package var fuser: String?

    @Option(
        name: .customLong("sort"),
        help: ArgumentHelp("Sort key: score, meta:KEY or meta-query, with :asc or :desc (repeat).", valueName: "term"),
        transform: SortTerm.init(parsing:))
    package var sortTerms: [SortTerm] = []

    @Option(help: ArgumentHelp("Only fused scores greater than this (needs --fuser).", valueName: "score"))
    package var above: Float?

    @Option(help: ArgumentHelp("Only fused scores less than this (needs --fuser).", valueName: "score"))
    package var below: Float?

    @Option(help: ArgumentHelp("Detections per page; the server caps it at 250.", valueName: "n"))
    package var limit: Int32 = 100

    @Option(help: ArgumentHelp("Continue from the token the previous page printed.", valueName: "token"))
    package var pageToken: String?

    @Flag(help: "Fetch every page, not just one.")
    package var all = false

    @Flag(help: "Ask for ids, tags, scores and media only, without each analytic's result.")
    package var minimal = false

    @Flag(help: "Print JSON instead of a table.")
    package var json = false

    @OptionGroup package var client: PipelineClientOptions

    package init() {}

    package func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        if above != nil && below != nil {
            throw ValidationError("--above and --below cannot be combined (the server takes one threshold)")
        }
        if fuser?.isEmpty ?? true {
            if above != nil || below != nil { throw ValidationError("--above and --below need --fuser") }
            if sortTerms.contains(where: { $0.key == .score }) { throw ValidationError("--sort score needs --fuser") }
        }
        if sortTerms.contains(where: { $0.key == .metaQuery }) && (metaQuery?.isEmpty ?? true) {
            throw ValidationError("--sort meta-query needs --meta-query")
        }
        if let since, let until, since > until { throw ValidationError("--since is after --until") }
    }

    /// The request for the first page (or the page of `--page-token`).
    package func makeRequest() -> Mediforproto_DetectionListRequest {
        var request = Mediforproto_DetectionListRequest()
        request.tags = KeyValue.dictionary(tags)
        request.metaQuery = metaQuery ?? ""
        if since != nil || until != nil {
            var range = Mediforproto_DateRange()
            range.startSecondsUtc = since ?? 0
            range.endSecondsUtc = until ?? 0
            request.dateRange = range
        }
        request.detectionIds = ids
        request.fuserID = fuser ?? ""
        request.wantFused = !(fuser ?? "").isEmpty
        request.orderBy = sortTerms.map { $0.proto(metaQuery: metaQuery ?? "") }
        if let above {
            request.fusionThresholdType = .fusionGtThreshold
            request.fusionThresholdValue = above
        } else if let below {
            request.fusionThresholdType = .fusionLtThreshold
            request.fusionThresholdValue = below
        }
        request.pageSize = limit
        request.pageToken = pageToken ?? ""
        request.verbosity = minimal ? .detectionVerbosityMinimal : .detectionVerbosityFull
        return request
    }

    package func run() async throws {
        let configuration = try client.resolve(environment: ProcessInfo.processInfo.environment)
        let console = PipelineConsole(showsProgress: false)
        try await PipelineFailure.reporting(to: console, address: configuration.address) {
            let merged = try await configuration.withConnection { connection in
                var request = makeRequest()
                var merged = Mediforproto_DetectionList()
                var seenTokens: Set<String> = []
                while true {
                    let page = try await connection.pipeline.getDetectionList(request, options: connection.options)
                    merged.detections += page.detections
                    merged.total = page.total
                    merged.pageToken = page.pageToken
                    // Stop at the last page, and never loop on a server that hands out the same token again.
                    guard all, !page.pageToken.isEmpty, seenTokens.insert(page.pageToken).inserted else { break }
                    request.pageToken = page.pageToken
                }
                return merged
            }
            if json {
                console.output(try PipelineRendering.json(merged))
            } else {
                PipelineRendering.detectionList(merged.detections, total: merged.total, nextPageToken: merged.pageToken)
                    .forEach(console.output)
            }
        }
    }
}
