import ArgumentParser
import Foundation
import GRPCCore
import MediForCLI
import MediForProto
import MediForWorkflow
import Testing

/// A temporary folder tree, removed when the test ends.
final class TemporaryTree {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("medifor-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes `bytes` at `relative`, creating folders; returns the full path.
    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 2, 3]
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
}

@Suite("medifor detect: which files are submitted")
struct MediaFileCollectorTests {
    @Test("folders are searched recursively in name order; hidden entries and non-media are left out")
    func folderTree() throws {
        let tree = try TemporaryTree()
        try tree.write("photo.jpg", TemporaryTree.jpeg)
        try tree.write("sub/clip.mp4", Array("not really a video".utf8))
        try tree.write("sub/deep/scan.dat", TemporaryTree.png)
        try tree.write("notes.txt", Array("hello".utf8))
        try tree.write(".hidden.jpg", TemporaryTree.jpeg)
        try tree.write(".git/objects/x.jpg", TemporaryTree.jpeg)

        let collection = MediaFileCollector.collect([tree.root])
        #expect(collection.files.map(\.path) == [
            tree.root + "/photo.jpg", tree.root + "/sub/clip.mp4", tree.root + "/sub/deep/scan.dat",
        ])
        #expect(collection.files.map(\.type.mimeType) == ["image/jpeg", "video/mp4", "image/png"])
        #expect(collection.skipped == [.init(path: tree.root + "/notes.txt", reason: "not an image or video")])
        #expect(collection.problems.isEmpty)
    }

    @Test("named files are taken as given, once each, even hidden; missing paths are problems")
    func namedFiles() throws {
        let tree = try TemporaryTree()
        let hidden = try tree.write(".hidden.jpg", TemporaryTree.jpeg)
        let photo = try tree.write("a/photo.jpg", TemporaryTree.jpeg)
        let collection = MediaFileCollector.collect([hidden, photo, tree.root + "/a", tree.root + "/missing.jpg"])
        #expect(collection.files.map(\.path) == [hidden, photo])
        #expect(collection.problems.map(\.path) == [tree.root + "/missing.jpg"])
        #expect(collection.problems.first?.message.contains("no such file") == true)
    }

    @Test("a collected file is stored and requested from the storage root")
    func storedRequest() throws {
        let tree = try TemporaryTree()
        let photo = try tree.write("in/photo.jpg", TemporaryTree.jpeg)
        let storage = try MediaStorage(root: tree.root + "/storage")
        let media = try storage.ingest(fileAt: photo)
        let command = try parsePipeline(["detect", photo], as: DetectCommand.self)
        let request = try command.makeRequest(for: media, outputDirectory: storage.outputDirectory)
        #expect(request.id == media.md5)
        #expect(request.request.imgManipReq.image.uri == storage.inputDirectory + "/\(media.md5).jpg")
        #expect(FileManager.default.fileExists(atPath: request.request.imgManipReq.image.uri))
        #expect(request.request.imgManipReq.outDir == storage.root + "/output")
    }
}

@Suite("pipeline failures: exit statuses and messages")
struct PipelineFailureTests {
    @Test("an unreachable server exits 3; any other answer with an error exits 1", arguments: [
        (RPCError.Code.unavailable, Int32(3)), (.notFound, 1), (.invalidArgument, 1), (.deadlineExceeded, 1),
        (.internalError, 1), (.unimplemented, 1), (.permissionDenied, 1), (.cancelled, 1),
    ])
    func statuses(code: RPCError.Code, status: Int32) {
        #expect(PipelineExitStatus.status(for: code) == status)
        #expect(PipelineExitStatus.status(for: RPCError(code: code, message: "x")) == status)
    }

    @Test("other errors exit 1; explicit exit codes are kept")
    func otherStatuses() {
        #expect(PipelineExitStatus.status(for: MediaError(.notFound, "gone")) == 1)
        #expect(PipelineExitStatus.status(for: ExitCode(4)) == 4)
        #expect(PipelineExitStatus.usage == ExitCode.validationFailure.rawValue)
    }

    @Test("status code names", arguments: [
        (0, "OK"), (1, "CANCELLED"), (4, "DEADLINE_EXCEEDED"), (5, "NOT_FOUND"), (13, "INTERNAL"),
        (14, "UNAVAILABLE"), (16, "UNAUTHENTICATED"), (42, "CODE_42"),
    ])
    func names(code: Int, name: String) {
        #expect(PipelineFailure.name(ofRawCode: code) == name)
    }

    @Test("errors read as CODE: message, with a hint when the server is unreachable")
    func messages() {
        let notFound = RPCError(code: .notFound, message: "no detection \"abc\"")
        #expect(PipelineFailure.describe(notFound) == "NOT_FOUND: no detection \"abc\"")
        let down = RPCError(code: .unavailable, message: "connection refused")
        let text = PipelineFailure.describe(down, address: PipelineAddress(host: "127.0.0.1", port: 50051))
        #expect(text.hasPrefix("UNAVAILABLE: connection refused"))
        #expect(text.contains("127.0.0.1:50051") && text.contains("MEDIFOR_ADDR"))
        #expect(!text.contains("RPCError"))
        #expect(PipelineFailure.describe(MediaError(.notFound, "a.jpg: no such file")) == "a.jpg: no such file")
    }

    @Test("a failing command prints `error: CODE: message` and exits with its status")
    func reporting() async throws {
        var errors = ""
        let console = PipelineConsole(
            showsProgress: false, isTerminal: false, writeError: { errors += $0 }, writeOutput: { _ in })
        do {
            try await PipelineFailure.reporting(to: console, address: nil) {
                throw RPCError(code: .notFound, message: "no detection \"abc\"")
            }
            Issue.record("expected an exit code")
        } catch let exit as ExitCode {
            #expect(exit.rawValue == PipelineExitStatus.failed)
        }
        #expect(errors == "error: NOT_FOUND: no detection \"abc\"\n")
    }
}

@Suite("pipeline console: progress on standard error")
struct PipelineConsoleTests {
    @Test("on a terminal the progress line is redrawn in place and erased before output")
    func terminal() {
        var errors = ""
        var output = ""
        let console = PipelineConsole(isTerminal: true, writeError: { errors += $0 }, writeOutput: { output += $0 })
        console.progress("[1/2] a.jpg")
        console.progress("[2/2] b.jpg")
        console.output("abc  b.jpg")
        #expect(errors == "\r\u{1B}[K[1/2] a.jpg\r\u{1B}[K[2/2] b.jpg\r\u{1B}[K")
        #expect(output == "abc  b.jpg\n")
    }

    @Test("elsewhere each progress update is its own line, and repeats are dropped")
    func pipe() {
        var errors = ""
        let console = PipelineConsole(isTerminal: false, writeError: { errors += $0 }, writeOutput: { _ in })
        console.progress("[1/2] a.jpg")
        console.progress("[1/2] a.jpg")
        console.progress("[2/2] b.jpg")
        console.error("b.jpg: NOT_FOUND: x")
        #expect(errors == "[1/2] a.jpg\n[2/2] b.jpg\nerror: b.jpg: NOT_FOUND: x\n")
    }

    @Test("--quiet shows no progress but still shows errors")
    func quiet() {
        var errors = ""
        let console = PipelineConsole(
            showsProgress: false, isTerminal: true, writeError: { errors += $0 }, writeOutput: { _ in })
        console.progress("[1/1] a.jpg")
        console.error("boom")
        #expect(errors == "error: boom\n")
    }
}

/// A detection with progress counts and fusion results, for the completion table.
private func progress(total: Int32, finished: Int32, fusers: [Mediforproto_FuserFusionInfo] = [])
    -> Mediforproto_DetectionInfo
{
    var info = Mediforproto_DetectionInfo()
    info.analyticsTotal = total
    info.analyticsFinished = finished
    info.fusionInfo = fusers
    return info
}

/// One fuser's entry.
private func fusion(_ id: String, _ stage: Mediforproto_DetectionStage, _ status: Mediforproto_DetectionStatus)
    -> Mediforproto_FuserFusionInfo
{
    var fusion = Mediforproto_FuserFusionInfo()
    fusion.fuserID = id
    fusion.stage = stage
    fusion.status = status
    return fusion
}

@Suite("medifor detect --wait: when a detection is finished")
struct DetectionCompletionTests {
    @Test("completion", arguments: [
        (progress(total: 0, finished: 0), 2, [String](), false),
        (progress(total: 0, finished: 0), 0, ["avg"], true),
        (progress(total: 3, finished: 2), 3, [], false),
        (progress(total: 3, finished: 3), 3, [], true),
        (progress(total: 2, finished: 2), 3, [], false),
        (progress(total: 3, finished: 3), 3, ["avg"], false),
        (progress(total: 3, finished: 3, fusers: [fusion("avg", .claimed, .none)]), 3, ["avg"], false),
        (progress(total: 3, finished: 3, fusers: [fusion("avg", .finished, .success)]), 3, ["avg"], true),
        (progress(total: 3, finished: 3, fusers: [fusion("avg", .finished, .failure)]), 3, ["avg"], true),
        (progress(total: 3, finished: 3, fusers: [fusion("avg", .finished, .success)]), 3, ["avg", "max"],
         false),
    ])
    func completion(info: Mediforproto_DetectionInfo, expected: Int, fusers: [String], complete: Bool) {
        #expect(DetectionCompletion.isComplete(info, expectedAnalytics: expected, requiredFusers: fusers) == complete)
    }

    @Test("the fusers waited for: those asked for, else the catalogue's fusers of the media's kind")
    func requiredFusers() {
        func meta(_ id: String, _ media: [Mediforproto_MediaType]) -> Mediforproto_AnalyticMeta {
            var meta = Mediforproto_AnalyticMeta()
            meta.id = id
            meta.media = media
            return meta
        }
        var catalog = Mediforproto_AnalyticList()
        catalog.analytics = [
            meta("ela", [.image]), meta("fi", [.fusionImage]), meta("fv", [.fusionVideo]),
            meta("both", [.fusionImage, .fusionVideo]),
        ]
        #expect(DetectionCompletion.requiredFusers(requested: [], kind: .image, catalog: catalog) == ["fi", "both"])
        #expect(DetectionCompletion.requiredFusers(requested: [], kind: .video, catalog: catalog) == ["fv", "both"])
        #expect(DetectionCompletion.requiredFusers(requested: ["x"], kind: .image, catalog: catalog) == ["x"])
    }

    @Test("a timeout names what is missing")
    func pending() {
        let text = DetectionCompletion.pendingDescription(
            progress(total: 3, finished: 2, fusers: [fusion("avg", .finished, .success)]),
            requiredFusers: ["avg", "max"])
        #expect(text == "2/3 analytics finished; waiting for fuser max")
        #expect(DetectionCompletion.pendingDescription(nil, requiredFusers: []) == "no answer from the server yet")
    }
}
