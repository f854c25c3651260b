import Foundation
import MediForProto
import MediForStore
import Synchronization
import Testing

/// A clock moved by hand.
final class TestClock: Sendable {
    private let current = Mutex<Int64>(1_700_000_000_000)

    var storeClock: StoreClock { StoreClock { [self] in current.withLock { $0 } } }
    var nowMs: Int64 { current.withLock { $0 } }

    func advance(byMs ms: Int64) { current.withLock { $0 += ms } }
}

/// One behaviour every store must show; run against each implementation with a fresh, empty store.
struct StoreScenario: Sendable, CustomTestStringConvertible {
    let name: String
    let run: @Sendable (any DetectionStore, TestClock) async throws -> Void

    init(_ name: String, _ run: @escaping @Sendable (any DetectionStore, TestClock) async throws -> Void) {
        self.name = name
        self.run = run
    }

    var testDescription: String { name }
}

/// An image manipulation request for `uri`.
func imageRequest(_ uri: String = "/data/input/probe.png") -> Mediforproto_Detection {
    var request = Mediforproto_ImageManipulationRequest()
    request.image.uri = uri
    request.image.type = "image/png"
    request.outDir = "/data/output"
    var detection = Mediforproto_Detection()
    detection.imgManipReq = request
    return detection
}

/// A finished image fusion with `score` (omitted from JSON when 0), an opt-out and a status code.
func imageFusion(score: Double, optOut: Mediforproto_OptOutType = .optOutNone, code: Int32 = 0) -> Mediforproto_Fusion {
    var fusion = Mediforproto_Fusion()
    fusion.imgManipReq = Mediforproto_FuseImageManipulationRequest()
    var result = Mediforproto_ImageManipulation()
    result.score = score
    result.optOut = optOut
    fusion.imgManip = result
    if code != 0 { fusion.status.code = code }
    return fusion
}

extension DetectionStore {
    /// Creates `id` with one pending row per analytic (task id `<id>/<analytic>`).
    @discardableResult
    func seed(
        _ id: String, analytics: [String] = ["ela_1.0"], tags: [String: String] = [:],
        userTags: [String: String] = [:], meta: [String: String] = [:]
    ) async throws -> [String: String?] {
        try await createDetection(
            NewDetection(
                id: id,
                analytics: analytics.map { .init(analyticID: $0, detection: imageRequest(), taskID: "\(id)/\($0)") },
                tags: tags, userTags: userTags, meta: meta))
    }

    /// Stores a finished fusion of `fuser` over `analytics` for `id`.
    func fuse(_ id: String, fuser: String = "avg_1.0", analytics: [String] = ["ela"], result: Mediforproto_Fusion)
        async throws
    {
        let task = "\(id)/\(fuser)/\(analytics.joined(separator: ","))"
        _ = try await createFusions(
            [NewFusion(detectionID: id, fuserID: fuser, analyticIDs: analytics, fusion: .init(), taskID: task)],
            tags: [:])
        let outcome = try await recordFusionResult(
            detectionID: id, fuserID: fuser, analyticIDs: analytics, fusion: result)
        #expect(outcome == .recorded)
    }

    /// The ids of one list page.
    func listedIDs(_ configure: (inout Mediforproto_DetectionListRequest) -> Void) async throws -> [String] {
        var request = Mediforproto_DetectionListRequest()
        configure(&request)
        return try await list(request).detections.map(\.id)
    }
}

/// A sort column.
func sortColumn(_ key: Mediforproto_SortKey, ascending: Bool, metaKey: String = "") -> Mediforproto_SortCol {
    var column = Mediforproto_SortCol()
    column.key = key
    column.isAsc = ascending
    column.metaKey = metaKey
    return column
}

/// Expects `body` to throw a ``StoreError`` with `code`.
func expectStoreError(
    _ code: StoreError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected \(code)", sourceLocation: sourceLocation)
    } catch let error as StoreError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
    }
}

/// A fresh directory for SQLite files, removed after `body`; `smallMatchCount` as in the store's package init.
func withSQLiteStore(
    smallMatchCount: Int? = nil, _ body: (SQLiteDetectionStore, TestClock, String) async throws -> Void
) async throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("medifor-store-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let clock = TestClock()
    let path = directory.appendingPathComponent("results.sqlite").path
    let store = try SQLiteDetectionStore(
        path: path, clock: clock.storeClock, logger: SQLiteDetectionStore.loggingDisabled,
        smallMatchCount: smallMatchCount)
    try await body(store, clock, path)
}
