import ArgumentParser
import Foundation
import MediForProto

/// `medifor info`: one detection in full (`Pipeline.GetDetectionInfo`).
package struct DetectionInfoCommand: PipelineClientCommand {
    package static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show one detection: media, progress, fused score, tags and each analytic's result.",
        discussion: """
            --json prints the DetectionInfo message in the proto3 JSON mapping, on one line.

            \(PipelineExitStatus.help())
            """,
        aliases: ["detectinfo"]
    )

    @Argument(help: "The detection id.")
    package var id: String

    @Flag(help: "Leave out the fusers' results.")
    package var noFused = false

    @Flag(help: "Print JSON instead of text.")
    package var json = false

    @OptionGroup package var client: PipelineClientOptions

    package init() {}

    /// The request `info` sends.
    package func makeRequest() -> Mediforproto_DetectionInfoRequest {
        var request = Mediforproto_DetectionInfoRequest()
        request.id = id
        request.wantFused = !noFused
        return request
    }

    package func run() async throws {
        let configuration = try client.resolve(environment: ProcessInfo.processInfo.environment)
        let console = PipelineConsole(showsProgress: false)
        try await PipelineFailure.reporting(to: console, address: configuration.address) {
            let info = try await configuration.withConnection { connection in
                try await connection.pipeline.getDetectionInfo(makeRequest(), options: connection.options)
            }
            if json {
                console.output(try PipelineRendering.json(info))
            } else {
                PipelineRendering.detectionInfo(info).forEach(console.output)
            }
        }
    }
}
