import ArgumentParser
import Foundation
import MediForProto

/// `medifor analytics`: the analytics and fusers the server offers (`Pipeline.GetAnalyticMeta`).
package struct AnalyticsCommand: PipelineClientCommand {
    package static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "List the analytics and fusers the server offers.",
        discussion: """
            MEDIA says what each entry handles: IMAGE or VIDEO for analytics, FUSION_IMAGE or FUSION_VIDEO for \
            fusers. Pass the ids to `medifor detect --analytic/--fuser`. --json prints the AnalyticList message \
            in the proto3 JSON mapping.

            \(PipelineExitStatus.help())
            """
    )

    @Flag(help: "Print JSON instead of a table.")
    package var json = false

    @OptionGroup package var client: PipelineClientOptions

    package init() {}

    package func run() async throws {
        let configuration = try client.resolve(environment: ProcessInfo.processInfo.environment)
        let console = PipelineConsole(showsProgress: false)
        try await PipelineFailure.reporting(to: console, address: configuration.address) {
            let list = try await configuration.withConnection { connection in
                try await connection.pipeline.getAnalyticMeta(Mediforproto_Empty(), options: connection.options)
            }
            if json {
                console.output(try PipelineRendering.json(list))
            } else {
                PipelineRendering.analyticList(list).forEach(console.output)
            }
        }
    }
}
