import Foundation
import MediForCLI
import MediForProto
import SwiftProtobuf
import Testing

/// Hand-built answers of the kind the Pipeline returns.
enum PipelineSamples {
    static func analytic(
        _ id: String, stage: Mediforproto_DetectionStage = .finished, status: Mediforproto_DetectionStatus = .success,
        score: Double? = nil, optOut: Mediforproto_OptOutType = .optOutNone, error: (Int32, String)? = nil
    ) -> Mediforproto_AnalyticDetectionInfo {
        var info = Mediforproto_AnalyticDetectionInfo()
        info.analyticID = id
        info.stage = stage
        info.status = status
        var request = Mediforproto_ImageManipulationRequest()
        request.image.uri = "/srv/storage/input/abc.jpg"
        info.detection.imgManipReq = request
        if let score {
            var result = Mediforproto_ImageManipulation()
            result.score = score
            result.optOut = optOut
            info.detection.imgManip = result
        }
        if let error {
            info.detection.status.code = error.0
            info.detection.status.message = error.1
        }
        return info
    }

    static func fuser(_ id: String, score: Double, stage: Mediforproto_DetectionStage = .finished)
        -> Mediforproto_FuserFusionInfo
    {
        var info = Mediforproto_FuserFusionInfo()
        info.fuserID = id
        info.stage = stage
        info.status = stage == .finished ? .success : .none
        var result = Mediforproto_ImageManipulation()
        result.score = score
        info.fusion.imgManip = result
        return info
    }

    /// A photo with four analytics (one scored, one failed, one opted out, one queued) and one fuser.
    static var detection: Mediforproto_DetectionInfo {
        var info = Mediforproto_DetectionInfo()
        info.id = "abc"
        var resource = Mediforproto_Resource()
        resource.uri = "/srv/storage/input/abc.jpg"
        resource.type = "image/jpeg"
        info.reqResources = [resource]
        info.analyticInfo = [
            analytic("noise_1.0", score: 0.2, optOut: .optOutDetection),
            analytic("ela_1.0", score: 0.91234),
            analytic("exif_1.0", status: .failure, error: (13, "no EXIF block")),
            analytic("copymove_1.0", stage: .queued, status: .none),
        ]
        info.fusionInfo = [fuser("avg_1.0", score: 0.83)]
        info.tags = ["case": "42"]
        info.userTags = ["label": "fake"]
        info.meta = ["Hash:md5": "abc"]
        info.analyticsTotal = 4
        info.analyticsFinished = 3
        return info
    }
}

@Suite("pipeline rendering: summaries, tables and JSON from DetectionInfo")
struct PipelineRenderingTests {
    @Test("a detection summarises into fused score and per-analytic outcomes")
    func summary() {
        let summary = DetectionSummary(PipelineSamples.detection)
        #expect(summary.fusedScore == 0.83)
        #expect(summary.analytics.map(\.id) == ["copymove_1.0", "ela_1.0", "exif_1.0", "noise_1.0"])
        #expect(summary.analytics.map(\.outcome) == [
            .pending("queued"), .scored(0.91234), .failed("INTERNAL: no EXIF block"), .optedOut,
        ])
        #expect(summary.fusers == [.init(id: "avg_1.0", outcome: .scored(0.83))])
    }

    @Test("without fusion results the list's fused_score is used when has_fused, else there is none")
    func fusedFallback() {
        var info = Mediforproto_DetectionInfo()
        #expect(DetectionSummary(info).fusedScore == nil)
        info.fusedScore = 0.4
        #expect(DetectionSummary(info).fusedScore == nil)
        info.hasFused_p = true
        #expect(DetectionSummary(info).fusedScore == 0.4)
    }

    @Test("video opt-out, unknown result kinds and finished analytics without a response")
    func otherOutcomes() {
        var video = Mediforproto_AnalyticDetectionInfo()
        video.stage = .finished
        var result = Mediforproto_VideoManipulation()
        result.score = 0.7
        video.detection.vidManip = result
        #expect(DetectionSummary.outcome(of: video) == .scored(0.7))
        result.optOut = [.videoOptOutTemporal, .videoOptOutDetection]
        video.detection.vidManip = result
        #expect(DetectionSummary.outcome(of: video) == .optedOut)
        var bare = Mediforproto_AnalyticDetectionInfo()
        #expect(DetectionSummary.outcome(of: bare) == .pending("pending"))
        bare.stage = .finished
        #expect(DetectionSummary.outcome(of: bare) == .scored(nil))
    }

    @Test("detect --wait prints a heading, then aligned analytic rows")
    func detectResult() {
        #expect(PipelineRendering.detectionResult(PipelineSamples.detection, file: "photos/a.jpg") == [
            "abc  photos/a.jpg  fused 0.830 (avg_1.0)  (3/4 analytics)",
            "  copymove_1.0  queued",
            "  ela_1.0       ok       0.912",
            "  exif_1.0      failed   INTERNAL: no EXIF block",
            "  noise_1.0     opt-out",
        ])
    }

    @Test("info prints media, progress, fused score, tags, and the analytics")
    func info() {
        #expect(PipelineRendering.detectionInfo(PipelineSamples.detection) == [
            "id         abc",
            "media      /srv/storage/input/abc.jpg (image/jpeg)",
            "progress   3/4 analytics finished",
            "fused      0.830 (avg_1.0)",
            "tags       case=42",
            "user tags  label=fake",
            "meta       Hash:md5=abc",
            "analytics",
            "  copymove_1.0  queued",
            "  ela_1.0       ok       0.912",
            "  exif_1.0      failed   INTERNAL: no EXIF block",
            "  noise_1.0     opt-out",
        ])
    }

    @Test("list prints a table and then the total and the next page's token")
    func list() {
        var second = Mediforproto_DetectionInfo()
        second.id = "d41d8cd98f00b204e9800998ecf8427e"
        second.hasFused_p = true
        second.fusedScore = 0.05
        second.analyticsTotal = 2
        second.analyticsFinished = 2
        second.tags = ["case": "1", "label": "system"]
        second.userTags = ["label": "user"]
        let lines = PipelineRendering.detectionList([PipelineSamples.detection, second], total: 7, nextPageToken: "tok")
        #expect(lines == [
            "ID                                FUSED  DONE  TAGS",
            "abc                               0.830  3/4   case=42 label=fake",
            "d41d8cd98f00b204e9800998ecf8427e  0.050  2/2   case=1 label=user",
            "total 7, next page: --page-token tok",
        ])
        var unscored = Mediforproto_DetectionInfo()
        unscored.id = "x"
        #expect(PipelineRendering.detectionList([unscored], total: 1, nextPageToken: "") == [
            "ID  FUSED  DONE  TAGS", "x   -      0/0   -", "total 1, no more pages",
        ])
        #expect(PipelineRendering.detectionList([], total: 0, nextPageToken: "") == [
            "no detections", "total 0, no more pages",
        ])
    }

    @Test("tags prints system and user tags")
    func tags() {
        #expect(PipelineRendering.detectionTags(PipelineSamples.detection) == [
            "id         abc", "tags       case=42", "user tags  label=fake",
        ])
    }

    @Test("analytics prints id, name, media and description")
    func analytics() {
        var list = Mediforproto_AnalyticList()
        var ela = Mediforproto_AnalyticMeta()
        ela.id = "ela_1.0"
        ela.name = "Error Level Analysis"
        ela.media = [.image]
        ela.description_p = "JPEG recompression residue"
        var fuser = Mediforproto_AnalyticMeta()
        fuser.id = "avg_1.0"
        fuser.media = [.fusionImage, .fusionVideo]
        list.analytics = [ela, fuser]
        #expect(PipelineRendering.analyticList(list) == [
            "ID       NAME                  MEDIA                      DESCRIPTION",
            "ela_1.0  Error Level Analysis  IMAGE                      JPEG recompression residue",
            "avg_1.0  -                     FUSION_IMAGE,FUSION_VIDEO",
        ])
        #expect(PipelineRendering.analyticList(Mediforproto_AnalyticList()) == ["no analytics configured"])
    }

    @Test("taginfo prints system tags, then user tags, with counts")
    func tagInfo() {
        var info = Mediforproto_DetectionTagInfo()
        info.tagCounts = ["source=upload": 12, "case=42": 3]
        info.userTagCounts = ["label=fake": 2]
        #expect(PipelineRendering.tagInfo(info) == [
            "KIND  TAG            DETECTIONS", "tag   case=42        3", "tag   source=upload  12",
            "user  label=fake     2",
        ])
        #expect(PipelineRendering.tagInfo(Mediforproto_DetectionTagInfo()) == ["no tags"])
    }

    @Test("--json of info is the proto3 JSON mapping, on one line, and reads back unchanged")
    func protoJSON() throws {
        let text = try PipelineRendering.json(PipelineSamples.detection)
        #expect(!text.contains("\n"))
        #expect(text.contains("\"analyticsFinished\":3"))
        #expect(try Mediforproto_DetectionInfo(jsonString: text) == PipelineSamples.detection)
    }

    @Test("detect --json: submission fields, then results after --wait")
    func detectReport() throws {
        var report = DetectReport(id: "abc", file: "photos/a.jpg", stored: "/s/input/abc.jpg", mimeType: "image/jpeg")
        let submitted = try object(report.jsonLine())
        #expect(Set(submitted.keys) == ["id", "file", "stored", "mimeType"])
        #expect(submitted["stored"] as? String == "/s/input/abc.jpg")

        report.add(PipelineSamples.detection, complete: false)
        let waited = try object(report.jsonLine())
        #expect(waited["complete"] as? Bool == false)
        #expect(waited["fusedScore"] as? Double == 0.83)
        #expect(waited["finished"] as? Int == 3)
        let analytics = try #require(waited["analytics"] as? [[String: Any]])
        #expect(analytics.map { $0["status"] as? String } == ["queued", "ok", "failed", "opt-out"])
        #expect(analytics[1]["score"] as? Double == 0.91234)
        #expect(analytics[2]["message"] as? String == "INTERNAL: no EXIF block")
        #expect(analytics[0]["score"] == nil)
        let fusers = try #require(waited["fusers"] as? [[String: Any]])
        #expect(fusers.first?["id"] as? String == "avg_1.0")
    }

    private func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
}
