import ArgumentParser
import Foundation
import Logging
import MediForProto
import MediForStore
import ServiceLifecycle
import SwiftProtobuf

/// `medifor bench store`: how fast the results store answers list pages over many detections.
struct StoreBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Fill a results store with detections, then time filtered and sorted list pages.",
        discussion: """
            Each detection gets two finished analytic rows, a finished fusion from fuser mean_1 and tags \
            (case=c<i mod 50>, batch=b<i mod 7>, and rare=yes on three of them). Then several list requests run \
            repeatedly and the median and 99th-percentile page times are printed. SQLite always; Postgres too with \
            --postgres.
            """
    )

    @Option(help: "Detections to create.")
    var count = 100_000

    @Option(help: "Timed repetitions of each list request.")
    var samples = 50

    @Flag(help: "Keep the SQLite file and the Postgres schema afterwards (both are printed), to inspect query plans.")
    var keep = false

    @Option(help: "Postgres URL to include Postgres (a fresh schema is created and dropped). [env: MEDIFOR_BENCH_POSTGRES_URL]")
    var postgres: String?

    func run() async throws {
        let logger = Logger(label: "medifor.bench.store")
        let folder = FileManager.default.temporaryDirectory.path + "/medifor-store-bench-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer {
            if keep {
                print("sqlite: kept \(folder)/results.sqlite")
            } else {
                try? FileManager.default.removeItem(atPath: folder)
            }
        }
        print("results store list benchmark: \(count) detections, \(samples) samples per request")
        try await measure("sqlite", try SQLiteDetectionStore(path: folder + "/results.sqlite"))
        if let url = postgres ?? ProcessInfo.processInfo.environment["MEDIFOR_BENCH_POSTGRES_URL"] {
            var configuration = try PostgresDetectionStore.Configuration(url: url)
            configuration.schema = "bench_" + UUID().uuidString.prefix(8).lowercased()
            configuration.maximumConnections = 8
            let store = try PostgresDetectionStore(configuration: configuration, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await store.run() }
                defer { group.cancelAll() }
                try await measure("postgres", store)
                if keep {
                    print("postgres: kept schema \(configuration.schema)")
                } else {
                    try await store.dropSchema()
                }
            }
        }
    }

    private func measure(_ name: String, _ store: any DetectionStore) async throws {
        let fillStart = ContinuousClock.now
        try await fill(store)
        print("\(name): filled in " + String(format: "%.1f s", Self.ms(fillStart.duration(to: .now)) / 1000))
        for (label, request) in Self.requests(count: count) {
            let rows = try await store.list(request).detections.count
            var times: [Double] = []
            for _ in 0..<samples {
                let start = ContinuousClock.now
                _ = try await store.list(request)
                times.append(Self.ms(start.duration(to: .now)))
            }
            times.sort()
            let p50 = times[times.count / 2]
            let p99 = times[min(times.count - 1, Int(Double(times.count) * 0.99))]
            let padded = label.padding(toLength: 48, withPad: " ", startingAt: 0)
            print("  \(name)  \(padded) p50 " + String(format: "%7.2f ms  p99 %7.2f ms", p50, p99) + "  (\(rows) rows)")
        }
    }

    static func ms(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// The timed requests: filters and sorts a UI page uses.
    static func requests(count: Int) -> [(String, Mediforproto_DetectionListRequest)] {
        var byScore = Mediforproto_DetectionListRequest()
        byScore.fuserID = "mean_1"
        byScore.orderBy = [.with { $0.key = .score }]
        byScore.pageSize = 100
        var tagged = byScore
        tagged.tags = ["case": "c7"]
        var threshold = byScore
        threshold.fusionThresholdType = .fusionGtThreshold
        threshold.fusionThresholdValue = 0.7
        var deepPage = byScore
        deepPage.pageToken = Data(#"{"offset":\#(count / 2)}"#.utf8).base64EncodedString()
        var meta = Mediforproto_DetectionListRequest()
        meta.orderBy = [.with { $0.key = .meta; $0.metaKey = "Hash:md5"; $0.isAsc = true }]
        meta.tags = ["batch": "b3"]
        meta.pageSize = 100
        var userInterface = byScore
        userInterface.orderBy.append(.with { $0.key = .meta; $0.metaKey = "Hash:md5"; $0.isAsc = true })
        var rare = byScore
        rare.tags = ["rare": "yes"]
        return [
            ("tag filter + score sort (page 1, 100 rows)", tagged),
            ("fused score > 0.7 + score sort", threshold),
            ("score sort, all detections", byScore),
            ("score sort, offset \(count / 2)", deepPage),
            ("tag filter + meta sort", meta),
            ("score sort + Hash:md5 tiebreak (the UI's order)", userInterface),
            ("rare tag (3 detections) + score sort", rare),
        ]
    }

    private func fill(_ store: any DetectionStore) async throws {
        let total = count
        try await withThrowingTaskGroup(of: Void.self) { group in
            let lanes = 8
            for lane in 0..<lanes {
                group.addTask {
                    var index = lane
                    while index < total {
                        try await Self.addDetection(index, to: store)
                        index += lanes
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    private static func addDetection(_ index: Int, to store: any DetectionStore) async throws {
        let id = String(format: "det-%07d", index)
        var request = Mediforproto_Detection()
        request.imgManipReq.image.uri = "/data/input/\(id).jpg"
        let analytics = ["alpha_1", "beta_1"].map {
            NewDetection.Analytic(analyticID: $0, detection: request, taskID: UUID().uuidString.lowercased())
        }
        var tags = ["case": "c\(index % 50)", "batch": "b\(index % 7)"]
        if index % 33_333 == 1 { tags["rare"] = "yes" }
        _ = try await store.createDetection(
            NewDetection(id: id, analytics: analytics, tags: tags, meta: ["Hash:md5": id]))
        var score = Double((index &* 2_654_435_761) % 10_000) / 10_000
        for analytic in ["alpha_1", "beta_1"] {
            var done = request
            done.imgManip.score = score
            _ = try await store.recordAnalyticResult(detectionID: id, analyticID: analytic, detection: done)
            score = score * 0.9
        }
        var fusion = Mediforproto_Fusion()
        fusion.imgManipReq.imgManipReq = request.imgManipReq
        _ = try await store.createFusions(
            [NewFusion(detectionID: id, fuserID: "mean_1", analyticIDs: ["alpha", "beta"], fusion: fusion,
                       taskID: UUID().uuidString.lowercased())], tags: [:])
        fusion.imgManip.score = score
        _ = try await store.recordFusionResult(
            detectionID: id, fuserID: "mean_1", analyticIDs: ["alpha", "beta"], fusion: fusion)
    }
}
