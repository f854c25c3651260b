// Hand-written checks of generated Swift messages: fields set through the Swift API serialize with the key
// the spec table gives (field number << 3 | wire type), and the JSON names and payloads of medifor-protocol.md
// §11 parse and print as specified.

import EntroQProto
import Foundation
import MediForProto
import SwiftProtobuf
import Testing

extension WireIdentityTests {
    /// Serializes `message` (built with exactly one field set) and checks that it starts with the key the spec
    /// table gives for `specMessage.fieldName`.
    private func expectKey(
        _ message: some SwiftProtobuf.Message, _ specMessage: String, _ fieldName: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let spec = try #require(SpecTables.message(specMessage), "\(specMessage) is not in the spec tables",
                                sourceLocation: sourceLocation)
        let field = try #require(spec.allFields.first { $0.name == fieldName },
                                 "\(specMessage).\(fieldName) is not in the spec tables", sourceLocation: sourceLocation)
        let wireType = WireSamples.fieldWireType(of: field)
        let key = WireSamples.tag(field.number, wireType)
        let bytes: [UInt8] = try message.serializedBytes()
        #expect(Array(bytes.prefix(key.count)) == key,
                "\(specMessage).\(fieldName): serialized as \(hex(bytes)); spec key is field \(field.number), \(wireType) = \(hex(key))",
                sourceLocation: sourceLocation)
    }

    @Test("fields set in Swift serialize with the spec's key")
    func swiftFieldsUseSpecKeys() throws {
        var request = Mediforproto_ImageManipulationRequest()
        request.outDir = "/out"
        try expectKey(request, "mediforproto.ImageManipulationRequest", "out_dir")
        request = Mediforproto_ImageManipulationRequest()
        request.hpDeviceID = "cam"
        try expectKey(request, "mediforproto.ImageManipulationRequest", "hp_device_id")

        var video = Mediforproto_VideoManipulationRequest()
        video.hpDeviceID = "cam"
        try expectKey(video, "mediforproto.VideoManipulationRequest", "hp_device_id")

        var detection = Mediforproto_Detection()
        detection.imgManipReq = request
        try expectKey(detection, "mediforproto.Detection", "img_manip_req")
        detection = Mediforproto_Detection()
        detection.vidCamMatch = Mediforproto_VideoCameraMatch()
        try expectKey(detection, "mediforproto.Detection", "vid_cam_match")  // 26: two-byte key
        detection = Mediforproto_Detection()
        detection.startTimeMillis = 1_700_000_000_000
        try expectKey(detection, "mediforproto.Detection", "start_time_millis")

        var manipulation = Mediforproto_ImageManipulation()
        manipulation.facets = ["Splice": 0.6]
        try expectKey(manipulation, "mediforproto.ImageManipulation", "facets")
        manipulation = Mediforproto_ImageManipulation()
        manipulation.hasConfidence_p = true  // SwiftProtobuf renames has_* fields
        try expectKey(manipulation, "mediforproto.ImageManipulation", "has_confidence")
        manipulation = Mediforproto_ImageManipulation()
        manipulation.manipulationType = [.manipBlur, .manipSplice]
        try expectKey(manipulation, "mediforproto.ImageManipulation", "manipulation_type")  // packed

        var localization = Mediforproto_ImageLocalization()
        localization.maskOptout = Mediforproto_Resource()
        try expectKey(localization, "mediforproto.ImageLocalization", "mask_optout")

        var list = Mediforproto_DetectionListRequest()
        list.verbosity = .detectionVerbosityMinimal
        try expectKey(list, "mediforproto.DetectionListRequest", "verbosity")
        list = Mediforproto_DetectionListRequest()
        list.fusionThresholdValue = 0.5
        try expectKey(list, "mediforproto.DetectionListRequest", "fusion_threshold_value")  // float: fixed32
        list = Mediforproto_DetectionListRequest()
        list.dateRange = Mediforproto_DateRange()
        try expectKey(list, "mediforproto.DetectionListRequest", "date_range")

        var info = Mediforproto_DetectionInfo()
        info.reqResources = [Mediforproto_Resource()]
        try expectKey(info, "mediforproto.DetectionInfo", "req_resources")
        info = Mediforproto_DetectionInfo()
        info.analyticsFinished = 3
        try expectKey(info, "mediforproto.DetectionInfo", "analytics_finished")

        var task = Mediforproto_DetectionTask()
        task.fuserID = ["avg"]
        try expectKey(task, "mediforproto.DetectionTask", "fuser_id")

        var data = Api_TaskData()
        data.byMs = 5000
        try expectKey(data, "api.TaskData", "by_ms")  // known addition, 100: two-byte key
        var change = Api_TaskChange()
        change.mode = .changeLease
        try expectKey(change, "api.TaskChange", "mode")  // known addition, 100
        var stored = Api_Task()
        stored.err = "boom"
        try expectKey(stored, "api.Task", "err")
        var modify = Api_ModifyRequest()
        modify.docDepends = [Api_DocID()]
        try expectKey(modify, "api.ModifyRequest", "doc_depends")
        var authz = Api_AuthzDep()
        authz.actions = [.delete]
        try expectKey(authz, "api.AuthzDep", "actions")  // packed

        var status = Google_Rpc_Status()
        status.code = 14
        try expectKey(status, "google.rpc.Status", "code")
        var health = Grpc_Health_V1_HealthCheckResponse()
        health.status = .serving
        try expectKey(health, "grpc.health.v1.HealthCheckResponse", "status")
    }

    @Test("JSON uses the spec's lowerCamelCase names")
    func jsonNames() throws {
        var request = Mediforproto_ImageManipulationRequest()
        request.outDir = "/o"
        request.hpDeviceID = "cam"
        var detection = Mediforproto_Detection()
        detection.imgManipReq = request
        detection.startTimeMillis = 1_600_000_000_000
        var localization = Mediforproto_ImageLocalization()
        localization.maskOptout.uri = "/m.png"
        var task = Mediforproto_DetectionTask()
        task.userTags = ["beach": "null"]
        task.analyticTimeoutSec = 300
        var data = Api_TaskData()
        data.atMs = 1
        data.byMs = 2
        var claim = Api_ClaimRequest()
        claim.claimantID = "c"

        let cases: [(String, [String])] = [
            (try detection.jsonString(), ["\"imgManipReq\":", "\"outDir\":\"/o\"", "\"hpDeviceId\":\"cam\"",
                                          "\"startTimeMillis\":\"1600000000000\""]),
            (try localization.jsonString(), ["\"maskOptout\":"]),
            (try task.jsonString(), ["\"userTags\":{\"beach\":\"null\"}", "\"analyticTimeoutSec\":\"300\""]),
            (try data.jsonString(), ["\"atMs\":\"1\"", "\"byMs\":\"2\""]),
            (try claim.jsonString(), ["\"claimantId\":\"c\""]),
        ]
        for (json, fragments) in cases {
            for fragment in fragments {
                #expect(json.contains(fragment), "JSON \(json) lacks \(fragment)")
            }
        }
    }

    /// The illustrative payloads of medifor-protocol.md §11: strict parsing (unknown names are errors) into the
    /// generated types, and printing back yields the same JSON object.
    @Test("spec §11 JSON payloads parse and print back", arguments: [
        (Mediforproto_DetectionTask.self as any SwiftProtobuf.Message.Type,
         #"{"id":"9f2c71aa","analyticId":["ela_2020-03"],"detection":{"imgManipReq":{"image":{"uri":"/data/input/9f2c71aa.png","type":"image/png"},"outDir":"/data/output/ela_2020-03"}},"doneQueue":"/task/detection/outbox","tags":{"type":"image"},"userTags":{"beach":"null"},"meta":{"Hash:md5":"9f2c71aa"},"fuserId":["avg_2020-03"]}"#),
        (Mediforproto_Detection.self,
         #"{"status":{"code":3,"message":"unsupported image type"},"startTimeMillis":"1700000000000","endTimeMillis":"1700000000450","imgManipReq":{"requestId":"3b1e...","image":{"uri":"/data/input/9f2c71aa.png","type":"image/png"},"outDir":"/data/output/ela_2020-03/3b1e..."},"imgManip":{}}"#),
        (Mediforproto_Detection.self,
         #"{"imgManip":{"score":0.82,"optOut":"OPT_OUT_LOCALIZATION","facets":{"Splice":0.6},"explanation":"JPEG grid mismatch"}}"#),
        (Mediforproto_Detection.self,
         #"{"vidManip":{"optOut":["VIDEO_OPT_OUT_DETECTION"],"localization":{"frameDetection":[{"range":{"start":120,"end":180},"score":0.7}]}}}"#),
    ])
    func specJSONPayload(_ type: any SwiftProtobuf.Message.Type, _ json: String) throws {
        try checkPayload(type, json)
    }

    private func checkPayload<M: SwiftProtobuf.Message>(_ type: M.Type, _ json: String) throws {
        let message = try M(jsonString: json)  // strict: throws on any name the generated code does not know
        let printed = try message.jsonString()
        let expected = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary
        let actual = try JSONSerialization.jsonObject(with: Data(printed.utf8)) as? NSDictionary
        #expect(expected != nil && actual == expected, "\(M.protoMessageName): printed \(printed), spec payload is \(json)")
    }
}
