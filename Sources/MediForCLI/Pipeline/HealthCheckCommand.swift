import ArgumentParser
import Foundation
import MediForProto

/// `medifor health`: ask the server whether it is serving (`grpc.health.v1.Health/Check`).
package struct HealthCheckCommand: PipelineClientCommand {
    package static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check that the Pipeline server is serving.",
        discussion: """
            Prints SERVING, NOT_SERVING, SERVICE_UNKNOWN or UNKNOWN. Exit status: 0 SERVING; 1 any other answer \
            or an error; 3 the server is unreachable; 64 bad usage. Handy in scripts: \
            `until medifor health >/dev/null; do sleep 1; done`.
            """
    )

    @Option(help: ArgumentHelp("The service to ask about; empty means the whole server.", valueName: "name"))
    package var service = ""

    @OptionGroup package var client: PipelineClientOptions

    package init() {}

    /// The request `health` sends.
    package func makeRequest() -> Grpc_Health_V1_HealthCheckRequest {
        var request = Grpc_Health_V1_HealthCheckRequest()
        request.service = service
        return request
    }

    /// The printed name of a serving status.
    package static func name(of status: Grpc_Health_V1_HealthCheckResponse.ServingStatus) -> String {
        switch status {
        case .serving: "SERVING"
        case .notServing: "NOT_SERVING"
        case .serviceUnknown: "SERVICE_UNKNOWN"
        case .unknown: "UNKNOWN"
        case .UNRECOGNIZED(let value): "STATUS_\(value)"
        }
    }

    package func run() async throws {
        let configuration = try client.resolve(environment: ProcessInfo.processInfo.environment)
        let console = PipelineConsole(showsProgress: false)
        try await PipelineFailure.reporting(to: console, address: configuration.address) {
            let response = try await configuration.withConnection { connection in
                try await connection.health.check(makeRequest(), options: connection.options)
            }
            console.output(Self.name(of: response.status))
            if response.status != .serving { throw ExitCode(PipelineExitStatus.failed) }
        }
    }
}
