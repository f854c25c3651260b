import ArgumentParser
import MediForCLI
import MediForProto
import MediForWorkflow
import Testing

/// Parses `medifor <arguments>` and casts the chosen command.
func parsePipeline<Command: ParsableCommand>(_ arguments: [String], as type: Command.Type = Command.self) throws
    -> Command
{
    try #require(try MediForCommand.parseAsRoot(arguments) as? Command)
}

/// The message and exit status `medifor` would print for arguments it refuses.
func usageFailure(_ arguments: [String]) -> (message: String, status: Int32)? {
    do {
        _ = try MediForCommand.parseAsRoot(arguments)
        return nil
    } catch {
        return (MediForCommand.message(for: error), MediForCommand.exitCode(for: error).rawValue)
    }
}

@Suite("medifor detect: options and the Detect request")
struct DetectCommandTests {
    private let image = StoredMedia(
        path: "/srv/storage/input/0cc175b9c0f1b6a831c399e269772661.jpg", md5: "0cc175b9c0f1b6a831c399e269772661",
        type: MediaType(mimeType: "image/jpeg", fileExtension: "jpg"), byteCount: 1234)
    private let video = StoredMedia(
        path: "/srv/storage/input/92eb5ffee6ae2fec3ad71c777531578f.mp4", md5: "92eb5ffee6ae2fec3ad71c777531578f",
        type: MediaType(mimeType: "video/mp4", fileExtension: "mp4"), byteCount: 99)

    @Test("every option reaches the request of an image")
    func imageRequest() throws {
        let command = try parsePipeline(
            [
                "detect", "photo.jpg", "--storage-root", "/srv/storage", "--analytic", "ela_1.0", "--analytic",
                "exif_1.0", "--fuser", "avg_1.0", "--tag", "case=42", "--tag", "flagged", "--user-tag", "label=x=y",
                "--meta", "camera=Nikon D3", "--analytic-timeout", "30", "--wait", "--wait-timeout", "12.5", "--json",
                "-q", "--addr", "pipeline:7000", "--timeout", "5",
            ], as: DetectCommand.self)
        #expect(command.paths == ["photo.jpg"])
        #expect(command.wait && command.json && command.quiet)
        #expect(command.waitTimeout == 12.5)
        #expect(try command.resolveStorageRoot(environment: ["MEDIFOR_STORAGE_ROOT": "/elsewhere"]) == "/srv/storage")
        let config = try command.client.resolve(environment: [:])
        #expect(config.address == PipelineAddress(host: "pipeline", port: 7000))
        #expect(config.timeout == .seconds(5))

        let request = try command.makeRequest(for: image, outputDirectory: "/srv/storage/output")
        #expect(request.id == image.md5)
        #expect(request.analyticID == ["ela_1.0", "exif_1.0"])
        #expect(request.fuserID == ["avg_1.0"])
        #expect(request.tags == ["case": "42", "flagged": ""])
        #expect(request.userTags == ["label": "x=y"])
        #expect(request.meta == ["camera": "Nikon D3"])
        #expect(request.analyticTimeoutSec == 30)
        guard case .imgManipReq(let inner)? = request.request.request else {
            Issue.record("expected img_manip_req, got \(String(describing: request.request.request))")
            return
        }
        #expect(inner.image.uri == image.path)
        #expect(inner.image.type == "image/jpeg")
        #expect(inner.outDir == "/srv/storage/output")
    }

    @Test("a video becomes vid_manip_req; --id replaces the MD5; nothing chosen leaves the choice to the server")
    func videoRequest() throws {
        let command = try parsePipeline(["detect", "clip.mp4", "--id", "clip-1"], as: DetectCommand.self)
        let request = try command.makeRequest(for: video, outputDirectory: "/srv/storage/output")
        #expect(request.id == "clip-1")
        #expect(request.analyticID.isEmpty && request.fuserID.isEmpty)
        #expect(request.tags.isEmpty && request.userTags.isEmpty && request.meta.isEmpty)
        guard case .vidManipReq(let inner)? = request.request.request else {
            Issue.record("expected vid_manip_req")
            return
        }
        #expect(inner.video.uri == video.path)
        #expect(inner.video.type == "video/mp4")
        #expect(inner.outDir == "/srv/storage/output")
    }

    @Test("media that is neither image nor video is refused")
    func otherMedia() throws {
        let command = try parsePipeline(["detect", "x"], as: DetectCommand.self)
        var other = image
        other.type = MediaType(mimeType: "application/pdf", fileExtension: "pdf")
        #expect(throws: MediaError.self) { try command.makeRequest(for: other, outputDirectory: "/o") }
    }

    @Test("defaults, and the storage root from flag, then MEDIFOR_STORAGE_ROOT, then ./medifor-data/storage")
    func defaults() throws {
        let command = try parsePipeline(["detect", "a.jpg", "b/"], as: DetectCommand.self)
        #expect(command.paths == ["a.jpg", "b/"])
        #expect(!command.wait && !command.json && !command.quiet)
        #expect(command.waitTimeout == 600)
        #expect(command.analyticTimeout == 0)
        #expect(try command.resolveStorageRoot(environment: [:]) == "./medifor-data/storage")
        #expect(try command.resolveStorageRoot(environment: ["MEDIFOR_STORAGE_ROOT": "/shared"]) == "/shared")
    }

    @Test("bad usage is refused with a message naming the problem and status 64", arguments: [
        (["detect"], "file-or-folder"),
        (["detect", "a.jpg", "b.jpg", "--id", "x"], "exactly one file"),
        (["detect", "a.jpg", "--id", ""], "--id must not be empty"),
        (["detect", "a.jpg", "--wait-timeout", "0"], "--wait-timeout"),
        (["detect", "a.jpg", "--analytic-timeout", "-1"], "--analytic-timeout"),
        (["detect", "a.jpg", "--tag", "=v"], "the key is empty"),
        (["detect", "a.jpg", "--analytic", ""], "must not be empty"),
        (["detect", "a.jpg", "--timeout", "0"], "--timeout"),
        (["detect", "a.jpg", "--addr", "host:99999"], "1 to 65535"),
    ])
    func usage(arguments: [String], mention: String) throws {
        let failure = try #require(usageFailure(arguments))
        #expect(failure.message.contains(mention), "\(failure.message)")
        #expect(failure.status == PipelineExitStatus.usage)
    }

    @Test("a bad MEDIFOR_ADDR is named in the error")
    func badEnvironmentAddress() throws {
        let command = try parsePipeline(["detect", "a.jpg"], as: DetectCommand.self)
        #expect {
            _ = try command.client.resolve(environment: ["MEDIFOR_ADDR": "host:port"])
        } throws: { error in
            (error as? ValidationError)?.message.contains("MEDIFOR_ADDR") == true
        }
    }
}

@Suite("medifor info, delete, tags, taginfo, analytics, health: options and requests")
struct DetectionCommandsTests {
    @Test("info asks for fused results unless --no-fused")
    func info() throws {
        let plain = try parsePipeline(["info", "abc"], as: DetectionInfoCommand.self)
        #expect(plain.makeRequest().id == "abc")
        #expect(plain.makeRequest().wantFused)
        #expect(!plain.json)
        let bare = try parsePipeline(["info", "abc", "--no-fused", "--json"], as: DetectionInfoCommand.self)
        #expect(!bare.makeRequest().wantFused)
        #expect(bare.json)
        #expect(usageFailure(["info"]) != nil)
    }

    @Test("delete takes several ids")
    func delete() throws {
        let command = try parsePipeline(["delete", "a", "b", "c"], as: DeleteDetectionCommand.self)
        #expect(command.ids == ["a", "b", "c"])
        #expect(DeleteDetectionCommand.makeRequest(id: "b").detectionID == "b")
        #expect(usageFailure(["delete"])?.status == PipelineExitStatus.usage)
    }

    @Test("tags merges --set and --remove")
    func tagsMerge() throws {
        let command = try parsePipeline(
            ["tags", "abc", "--set", "label=fake", "--set", "note=a=b", "--remove", "todo", "--remove", "old"],
            as: UpdateTagsCommand.self)
        let request = command.makeRequest()
        #expect(command.isUpdate)
        #expect(request.detectionID == "abc")
        #expect(!request.replace)
        #expect(request.tags == ["label": "fake", "note": "a=b"])
        #expect(request.deleteTags == ["todo", "old"])
    }

    @Test("tags --replace and --clear replace the user tags")
    func tagsReplace() throws {
        let replace = try parsePipeline(["tags", "abc", "--replace", "--set", "a=1"], as: UpdateTagsCommand.self)
        #expect(replace.makeRequest().replace)
        #expect(replace.makeRequest().tags == ["a": "1"])
        let clear = try parsePipeline(["tags", "abc", "--clear"], as: UpdateTagsCommand.self)
        #expect(clear.makeRequest().replace)
        #expect(clear.makeRequest().tags.isEmpty)
        #expect(clear.makeRequest().deleteTags.isEmpty)
        let show = try parsePipeline(["tags", "abc"], as: UpdateTagsCommand.self)
        #expect(!show.isUpdate)
    }

    @Test("contradictory tag options are refused", arguments: [
        ["tags", "abc", "--clear", "--set", "a=1"],
        ["tags", "abc", "--replace", "--remove", "a"],
        ["tags", "abc", "--clear", "--remove", "a"],
        ["tags", "abc", "--set", "=1"],
    ])
    func tagsUsage(arguments: [String]) {
        #expect(usageFailure(arguments)?.status == PipelineExitStatus.usage)
    }

    @Test("taginfo passes required tags and skipped prefixes")
    func tagInfo() throws {
        let command = try parsePipeline(
            ["taginfo", "--require", "case=42", "--require", "flag", "--skip-prefix", "__user", "--skip-prefix",
             "__group", "--json"], as: TagInfoCommand.self)
        let request = command.makeRequest()
        #expect(request.requireTags == ["case": "42", "flag": ""])
        #expect(request.skipPrefixes == ["__user", "__group"])
        #expect(command.json)
        #expect(try parsePipeline(["taginfo"], as: TagInfoCommand.self).makeRequest().requireTags.isEmpty)
    }

    @Test("analytics and health parse")
    func analyticsAndHealth() throws {
        #expect(try parsePipeline(["analytics", "--json"], as: AnalyticsCommand.self).json)
        #expect(try parsePipeline(["health"], as: HealthCheckCommand.self).makeRequest().service == "")
        let named = try parsePipeline(["health", "--service", "mediforproto.Pipeline"], as: HealthCheckCommand.self)
        #expect(named.makeRequest().service == "mediforproto.Pipeline")
        #expect(HealthCheckCommand.name(of: .serving) == "SERVING")
        #expect(HealthCheckCommand.name(of: .notServing) == "NOT_SERVING")
    }

    @Test("the original pipeclient command names still work", arguments: [
        (["detectlist"], "list"), (["detectinfo", "x"], "info"), (["deletedetection", "x"], "delete"),
        (["updatetags", "x"], "tags"),
    ])
    func aliases(arguments: [String], command: String) throws {
        let parsed = try MediForCommand.parseAsRoot(arguments)
        #expect(type(of: parsed).configuration.commandName == command)
    }

    @Test("every client command takes --addr and --timeout", arguments: [
        ["detect", "a.jpg"], ["list"], ["info", "x"], ["delete", "x"], ["tags", "x"], ["taginfo"], ["analytics"],
        ["health"],
    ])
    func sharedOptions(arguments: [String]) throws {
        let parsed = try MediForCommand.parseAsRoot(arguments + ["--addr", "10.0.0.5:6000", "--timeout", "2.5"])
        let command = try #require(parsed as? any PipelineClientCommand)
        let config = try command.client.resolve(environment: ["MEDIFOR_ADDR": "ignored:1"])
        #expect(config.address == PipelineAddress(host: "10.0.0.5", port: 6000))
        #expect(config.timeout == .milliseconds(2500))
        #expect(usageFailure(arguments + ["--timeout", "-1"])?.status == PipelineExitStatus.usage)
    }
}
