import ArgumentParser
import Foundation
import GRPCCore
import MediForProto

/// `medifor delete`: remove detections and their results (`Pipeline.DeleteDetection`).
package struct DeleteDetectionCommand: PipelineClientCommand {
    package static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete detections and their results.",
        discussion: """
            Prints `deleted ID` for each id. Files in the storage root are kept. An id that fails is reported on \
            standard error and the others are still deleted.

            \(PipelineExitStatus.help(partial: "ids"))
            """,
        aliases: ["deletedetection"]
    )

    @Argument(help: "The detection ids.")
    package var ids: [String]

    @OptionGroup package var client: PipelineClientOptions

    package init() {}

    /// The request for one id.
    package static func makeRequest(id: String) -> Mediforproto_DeleteDetectionRequest {
        var request = Mediforproto_DeleteDetectionRequest()
        request.detectionID = id
        return request
    }

    package func run() async throws {
        let configuration = try client.resolve(environment: ProcessInfo.processInfo.environment)
        let console = PipelineConsole(showsProgress: false)
        try await PipelineFailure.reporting(to: console, address: configuration.address) {
            let failures = try await configuration.withConnection { connection in
                var failures = 0
                for id in ids {
                    do {
                        _ = try await connection.pipeline.deleteDetection(
                            Self.makeRequest(id: id), options: connection.options)
                        console.output("deleted \(id)")
                    } catch let error as RPCError where error.code != .unavailable {
                        console.error("\(id): \(PipelineFailure.describe(error))")
                        failures += 1
                    }
                }
                return failures
            }
            if failures > 0 { throw ExitCode(PipelineExitStatus.failed) }
        }
    }
}
