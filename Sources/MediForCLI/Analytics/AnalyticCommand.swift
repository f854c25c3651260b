import ArgumentParser
import EntroQService
import Foundation
import Logging
import GRPCCore
import MediForAnalytics
import MediForProto
import ServiceLifecycle
import UnixSignals

/// `medifor analytic`: the built-in analytics as standalone servers.
struct AnalyticCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytic",
        abstract: "Serve built-in analytics as MediFor Analytic gRPC servers, or list them.",
        subcommands: [AnalyticServeCommand.self, AnalyticListCommand.self]
    )
}

/// `medifor analytic list`.
struct AnalyticListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the built-in analytics and fusers.")

    func run() {
        for analytic in BuiltinAnalytics.all {
            let d = analytic.descriptor
            print(d.id.padding(toLength: 12, withPad: " ", startingAt: 0) + d.name + " — " + d.summary)
            print(String(repeating: " ", count: 12) + d.citation)
        }
        for analytic in BuiltinAnalytics.utilities {
            let d = analytic.descriptor
            print(d.id.padding(toLength: 12, withPad: " ", startingAt: 0) + d.name + " — " + d.summary)
        }
        for fuser in BuiltinAnalytics.builtinFusers {
            print(fuser.id.padding(toLength: 12, withPad: " ", startingAt: 0) + "fuser: " + fuser.meta.description_p)
        }
    }
}

/// `medifor analytic serve NAME|all`.
struct AnalyticServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve one built-in analytic (or fuser), or all of them, over gRPC (mediforproto.Analytic/Fuser + health).",
        discussion: """
            With one NAME, serves it on --port. With `all`, serves every analytic and fuser on consecutive ports \
            from --port, in the order of `medifor analytic list`, and prints the mapping. Pair each with a \
            `medifor worker --analytic-id NAME --analytic-addr HOST:PORT` (or `fusion-worker`).
            """
    )

    @Argument(help: "An analytic or fuser id (see `medifor analytic list`), or `all`.")
    var name: String

    @Option(help: "Address to listen on. [env: MEDIFOR_HOST, default: 0.0.0.0]")
    var host: String?

    @Option(help: "Port (the first port with `all`). [env: MEDIFOR_ANALYTIC_PORT, default: 50051]")
    var port: Int?

    @OptionGroup var fusionModel: FusionModelOption

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings = try Settings(environment: environment)
        _ = Observability.bootstrap(level: try logging.level(environment: environment))
        let logger = Logger(label: "medifor.analytic")
        let fusers = try fusionModel.fusers(settings)
        let host = settings.string(host, env: "MEDIFOR_HOST", default: "0.0.0.0")
        let firstPort = try settings.int(port, env: "MEDIFOR_ANALYTIC_PORT", default: 50051)
        var services: [(String, any RegistrableRPCService)] = []
        let chosen = name == "all" ? BuiltinAnalytics.all : BuiltinAnalytics.named(name).map { [$0] } ?? []
        for analytic in chosen {
            services.append((analytic.descriptor.id, NativeAnalyticService(analytic: analytic, logger: logger)))
        }
        for fuser in fusers where name == "all" || fuser.id == name {
            services.append((fuser.id, NativeFuserService(fuser: fuser)))
        }
        guard !services.isEmpty else {
            let known = (BuiltinAnalytics.all.map(\.descriptor.id) + fusers.map(\.id)).joined(separator: ", ")
            throw ValidationError("unknown analytic '\(name)'; built-ins: \(known)")
        }
        var servers: [any Service] = []
        for (index, (id, service)) in services.enumerated() {
            let port = firstPort == 0 ? 0 : firstPort + index
            servers.append(GRPCServerService(
                host: host, port: port, services: [service], health: HealthService(services: [""]),
                maxMessageBytes: 16 << 20, logger: logger))
            print("\(id)\t\(host):\(port)")
        }
        let group = ServiceGroup(
            configuration: .init(services: servers, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
