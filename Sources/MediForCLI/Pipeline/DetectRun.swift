import GRPCCore
import MediForProto
import MediForWorkflow

/// One run of `medifor detect` over an open connection: store and submit each file, then, with `--wait`, poll
/// until every detection has finished and print the results.
///
/// A failure that concerns one file (unreadable, refused by the server) is reported and counted, and the run goes
/// on; an unreachable server ends the run at once.
struct DetectRun {
    /// A file the server accepted.
    struct Submission {
        var file: String
        var media: StoredMedia
        var id: String
        var expectedAnalytics: Int
    }

    let command: DetectCommand
    let storage: MediaStorage
    let connection: PipelineConnection
    let console: PipelineConsole
    /// Files and ids that failed so far.
    var failures = 0

    /// Submits `files` and, with `--wait`, waits for them; returns the exit status.
    mutating func run(_ files: [MediaFileCollector.Candidate]) async throws -> Int32 {
        var submissions: [Submission] = []
        for (index, file) in files.enumerated() {
            console.progress("[\(index + 1)/\(files.count)] \(file.path)")
            guard let submission = try await submit(file) else { continue }
            submissions.append(submission)
            if !command.wait { try printSubmission(submission) }
        }
        console.finishProgress()
        var timedOut = false
        if command.wait && !submissions.isEmpty {
            timedOut = try await waitAndPrint(submissions)
        }
        if timedOut { return PipelineExitStatus.timedOut }
        return failures > 0 ? PipelineExitStatus.failed : PipelineExitStatus.success
    }

    private mutating func submit(_ file: MediaFileCollector.Candidate) async throws -> Submission? {
        do {
            let media = try storage.ingest(fileAt: file.path)
            let request = try command.makeRequest(for: media, outputDirectory: storage.outputDirectory)
            let info = try await connection.pipeline.detect(request, options: connection.options)
            return Submission(
                file: file.path, media: media, id: info.id.isEmpty ? request.id : info.id,
                expectedAnalytics: info.analyticInfo.count)
        } catch let error as RPCError where error.code != .unavailable {
            fail("\(file.path): \(PipelineFailure.describe(error))")
        } catch let error as MediaError {
            fail(error.message)
        }
        return nil
    }

    private func printSubmission(_ submission: Submission) throws {
        if command.json {
            console.output(try report(for: submission).jsonLine())
        } else {
            console.output("\(submission.id)  \(submission.file)")
        }
    }

    private func report(for submission: Submission) -> DetectReport {
        DetectReport(
            id: submission.id, file: submission.file, stored: submission.media.path,
            mimeType: submission.media.type.mimeType)
    }

    private mutating func fail(_ message: String) {
        console.error(message)
        failures += 1
    }
}

extension DetectRun {
    /// Polls `GetDetectionInfo(want_fused: true)` every half second until every submission is complete or
    /// `--wait-timeout` has passed, then prints every result; returns whether it timed out.
    private mutating func waitAndPrint(_ submissions: [Submission]) async throws -> Bool {
        let catalog = try await fuserCatalog()
        let required = submissions.map {
            DetectionCompletion.requiredFusers(requested: command.fusers, kind: $0.media.type.kind, catalog: catalog)
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int64(command.waitTimeout * 1000)))
        var pending = Set(submissions.indices)
        var latest: [Int: Mediforproto_DetectionInfo] = [:]
        var failed: Set<Int> = []
        while true {
            for index in submissions.indices where pending.contains(index) {
                switch try await poll(submissions[index]) {
                case .answered(let info):
                    latest[index] = info
                    let complete = DetectionCompletion.isComplete(
                        info, expectedAnalytics: submissions[index].expectedAnalytics, requiredFusers: required[index])
                    if complete { pending.remove(index) }
                case .unknownYet:
                    break
                case .failed:
                    pending.remove(index)
                    failed.insert(index)
                }
            }
            console.progress("waiting: \(submissions.count - pending.count)/\(submissions.count) finished")
            if pending.isEmpty || clock.now >= deadline { break }
            try await Task.sleep(for: min(.milliseconds(500), clock.now.duration(to: deadline)))
        }
        console.finishProgress()
        for (index, submission) in submissions.enumerated() where !failed.contains(index) {
            let complete = !pending.contains(index)
            if command.json {
                var report = report(for: submission)
                if let info = latest[index] { report.add(info, complete: complete) } else { report.complete = false }
                console.output(try report.jsonLine())
            } else if let info = latest[index] {
                PipelineRendering.detectionResult(info, file: submission.file).forEach(console.output)
            } else {
                console.output("\(submission.id)  \(submission.file)  no result yet")
            }
        }
        for index in pending.sorted() {
            let missing = DetectionCompletion.pendingDescription(latest[index], requiredFusers: required[index])
            let seconds = command.waitTimeout
            let limit = seconds == seconds.rounded() ? "\(Int(seconds))" : "\(seconds)"
            console.error(
                "\(submissions[index].file): not finished after \(limit) s "
                    + "(detection \(submissions[index].id): \(missing))")
        }
        return !pending.isEmpty
    }

    /// The server's catalogue, needed only to find the default fusers; an error other than an unreachable server
    /// is reported as a warning and the wait then covers the analytics only.
    private func fuserCatalog() async throws -> Mediforproto_AnalyticList {
        guard command.fusers.isEmpty else { return Mediforproto_AnalyticList() }
        do {
            return try await connection.pipeline.getAnalyticMeta(Mediforproto_Empty(), options: connection.options)
        } catch let error as RPCError where error.code != .unavailable {
            console.note(
                "warning: cannot read the server's fusers (\(PipelineFailure.describe(error))); "
                    + "waiting for the analytics only")
            return Mediforproto_AnalyticList()
        }
    }

    /// The outcome of one poll.
    private enum Poll {
        case answered(Mediforproto_DetectionInfo)
        case unknownYet
        case failed
    }

    /// One `GetDetectionInfo`; a failure other than an unreachable server is reported and counted.
    private mutating func poll(_ submission: Submission) async throws -> Poll {
        var request = Mediforproto_DetectionInfoRequest()
        request.id = submission.id
        request.wantFused = true
        do {
            return .answered(try await connection.pipeline.getDetectionInfo(request, options: connection.options))
        } catch let error as RPCError where error.code == .notFound {
            // A detection is recorded asynchronously after Detect; NOT_FOUND right after it means "not yet".
            return .unknownYet
        } catch let error as RPCError where error.code != .unavailable {
            fail("\(submission.file): \(PipelineFailure.describe(error))")
            return .failed
        }
    }
}
