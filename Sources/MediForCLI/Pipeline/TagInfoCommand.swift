import ArgumentParser
import Foundation
import MediForProto

/// `medifor taginfo`: how many detections carry each tag (`Pipeline.GetDetectionTagInfo`).
package struct TagInfoCommand: PipelineClientCommand {
    package static let configuration = CommandConfiguration(
        commandName: "taginfo",
        abstract: "Count the detections carrying each tag.",
        discussion: """
            Lists every system tag (KIND tag) and user tag (KIND user) as key=value with the number of \
            detections that carry it. In a key or value, `=` is written `\\=` and `\\` is written `\\\\`. \
            --json prints the DetectionTagInfo message in the proto3 JSON mapping.

            Example, as the original web UI asks (identity tags hidden):
              medifor taginfo --require case=42 --skip-prefix __user --skip-prefix __group

            \(PipelineExitStatus.help())
            """
    )

    @Option(
        name: .customLong("require"),
        help: ArgumentHelp("Count only detections with this tag (repeat).", valueName: "key=value"),
        transform: KeyValue.init(parsing:))
    package var require: [KeyValue] = []

    @Option(
        name: .customLong("skip-prefix"), help: ArgumentHelp("Leave out tag keys starting with this (repeat).",
        valueName: "prefix"))
    package var skipPrefixes: [String] = []

    @Flag(help: "Print JSON instead of a table.")
    package var json = false

    @OptionGroup package var client: PipelineClientOptions

    package init() {}

    /// The request `taginfo` sends.
    package func makeRequest() -> Mediforproto_DetectionTagInfoRequest {
        var request = Mediforproto_DetectionTagInfoRequest()
        request.requireTags = KeyValue.dictionary(require)
        request.skipPrefixes = skipPrefixes
        return request
    }

    package func run() async throws {
        let configuration = try client.resolve(environment: ProcessInfo.processInfo.environment)
        let console = PipelineConsole(showsProgress: false)
        try await PipelineFailure.reporting(to: console, address: configuration.address) {
            let info = try await configuration.withConnection { connection in
                try await connection.pipeline.getDetectionTagInfo(makeRequest(), options: connection.options)
            }
            if json {
                console.output(try PipelineRendering.json(info))
            } else {
                PipelineRendering.tagInfo(info).forEach(console.output)
            }
        }
    }
}
