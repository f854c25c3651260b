import ArgumentParser
import Foundation
import MediForProto

/// `medifor tags`: show or change a detection's user tags (`Pipeline.UpdateDetectionTags`).
package struct UpdateTagsCommand: PipelineClientCommand {
    package static let configuration = CommandConfiguration(
        commandName: "tags",
        abstract: "Show or change a detection's user tags.",
        discussion: """
            Without options, shows the tags. --set and --remove merge into the user tags; --replace makes the \
            --set tags the only user tags; --clear removes every user tag. System tags (given at detect time \
            with --tag) cannot be changed. Prints the tags after the change; --json prints the DetectionInfo.

            Examples:
              medifor tags d41d8cd98f00b204e9800998ecf8427e --set label=fake --remove todo
              medifor tags d41d8cd98f00b204e9800998ecf8427e --clear

            \(PipelineExitStatus.help())
            """,
        aliases: ["updatetags"]
    )

    @Argument(help: "The detection id.")
    package var id: String

    @Option(
        name: .customLong("set"), help: ArgumentHelp("Set a user tag (repeat).", valueName: "key=value"),
        transform: KeyValue.init(parsing:))
    package var set: [KeyValue] = []

    @Option(name: .customLong("remove"), help: ArgumentHelp("Remove a user tag (repeat).", valueName: "key"))
    package var remove: [String] = []

    @Flag(help: "Replace all user tags with the --set ones.")
    package var replace = false

    @Flag(help: "Remove every user tag.")
    package var clear = false

    @Flag(help: "Print JSON instead of text.")
    package var json = false

    @OptionGroup package var client: PipelineClientOptions

    package init() {}

    package func validate() throws {
        if clear && !set.isEmpty {
            throw ValidationError("--clear removes every user tag; it cannot be used with --set")
        }
        if (replace || clear) && !remove.isEmpty {
            throw ValidationError("--remove has no effect with --replace or --clear: leave the key out of --set")
        }
    }

    /// Whether the command changes anything (otherwise it only shows the tags).
    package var isUpdate: Bool { !set.isEmpty || !remove.isEmpty || replace || clear }

    /// The update request.
    package func makeRequest() -> Mediforproto_UpdateDetectionTagsRequest {
        var request = Mediforproto_UpdateDetectionTagsRequest()
        request.detectionID = id
        request.replace = replace || clear
        request.tags = clear ? [:] : KeyValue.dictionary(set)
        request.deleteTags = remove
        return request
    }

    package func run() async throws {
        let configuration = try client.resolve(environment: ProcessInfo.processInfo.environment)
        let console = PipelineConsole(showsProgress: false)
        try await PipelineFailure.reporting(to: console, address: configuration.address) {
            let info = try await configuration.withConnection { connection in
                if isUpdate {
                    return try await connection.pipeline.updateDetectionTags(makeRequest(), options: connection.options)
                }
                var request = Mediforproto_DetectionInfoRequest()
                request.id = id
                return try await connection.pipeline.getDetectionInfo(request, options: connection.options)
            }
            if json {
                console.output(try PipelineRendering.json(info))
            } else {
                PipelineRendering.detectionTags(info).forEach(console.output)
            }
        }
    }
}
