import Foundation
import GRPCCore
import MediForProto
import MediForWorkflow
import SwiftProtobuf
import Synchronization

/// A deterministic MediFor analytic for tests. The probe's bytes carry the answer: `score=0.8` sets the score
/// (scaled by `scale`), `fail` makes it answer INVALID_ARGUMENT, `slow=N` makes it sleep N milliseconds. It writes an
/// 8×8 mask PNG into the request's `out_dir` and counts its calls.
final class TestAnalytic: Mediforproto_Analytic.SimpleServiceProtocol {
    let scale: Double
    let calls = Atomic<Int>(0)

    init(scale: Double = 1) { self.scale = scale }

    func detectImageManipulation(request: Mediforproto_ImageManipulationRequest, context: ServerContext) async throws
        -> Mediforproto_ImageManipulation
    {
        calls.add(1, ordering: .relaxed)
        guard let data = FileManager.default.contents(atPath: request.image.uri) else {
            throw RPCError(code: .invalidArgument, message: "cannot read \(request.image.uri)")
        }
        let text = String(decoding: data, as: UTF8.self)
        if let slow = Self.number(after: "slow=", in: text) { try await Task.sleep(for: .milliseconds(Int(slow))) }
        if text.contains("fail") { throw RPCError(code: .invalidArgument, message: "this probe is marked to fail") }
        let score = min(1, (Self.number(after: "score=", in: text) ?? 0.5) * scale)
        try FileManager.default.createDirectory(atPath: request.outDir, withIntermediateDirectories: true)
        let maskPath = request.outDir + "/mask.png"
        try Data(TinyPNG.grey(width: 8, height: 8) { x, y in x < 4 && y < 4 ? 0 : 255 }).write(
            to: URL(fileURLWithPath: maskPath))
        return Mediforproto_ImageManipulation.with {
            $0.score = score
            $0.localization.mask = Mediforproto_Resource.with {
                $0.uri = maskPath
                $0.type = "image/png"
            }
            $0.explanation = "test analytic"
        }
    }

    static func number(after key: String, in text: String) -> Double? {
        guard let range = text.range(of: key) else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isNumber || $0 == "." }
        return Double(digits)
    }

    func detectImageSplice(request: Mediforproto_ImageSpliceRequest, context: ServerContext) async throws
        -> Mediforproto_ImageSplice
    { throw RPCError(code: .unimplemented, message: "not implemented") }

    func detectVideoManipulation(request: Mediforproto_VideoManipulationRequest, context: ServerContext) async throws
        -> Mediforproto_VideoManipulation
    { throw RPCError(code: .unimplemented, message: "not implemented") }

    func detectImageCameraMatch(request: Mediforproto_ImageCameraMatchRequest, context: ServerContext) async throws
        -> Mediforproto_ImageCameraMatch
    { throw RPCError(code: .unimplemented, message: "not implemented") }

    func detectImageCameras(request: Mediforproto_ImageCamerasRequest, context: ServerContext) async throws
        -> Mediforproto_ImageCameras
    { throw RPCError(code: .unimplemented, message: "not implemented") }

    func detectVideoCameraMatch(request: Mediforproto_VideoCameraMatchRequest, context: ServerContext) async throws
        -> Mediforproto_VideoCameraMatch
    { throw RPCError(code: .unimplemented, message: "not implemented") }

    func kill(request: Mediforproto_Empty, context: ServerContext) async throws -> Mediforproto_Empty {
        Mediforproto_Empty()
    }
}

/// A fuser for tests: the mean score of the analytics that did not opt out.
final class TestFuser: Mediforproto_Fuser.SimpleServiceProtocol {
    let calls = Atomic<Int>(0)

    func fuseImageManipulation(request: Mediforproto_FuseImageManipulationRequest, context: ServerContext)
        async throws -> Mediforproto_ImageManipulation
    {
        calls.add(1, ordering: .relaxed)
        let scores = request.imgManip.filter { $0.data.optOut != .optOutAll }.map(\.data.score)
        guard !scores.isEmpty else { return Mediforproto_ImageManipulation.with { $0.optOut = .optOutAll } }
        return Mediforproto_ImageManipulation.with {
            $0.score = scores.reduce(0, +) / Double(scores.count)
            $0.explanation = "mean of " + request.imgManip.map(\.id).sorted().joined(separator: ",")
        }
    }

    func fuseImageSplice(request: Mediforproto_FuseImageSpliceRequest, context: ServerContext) async throws
        -> Mediforproto_ImageSplice
    { throw RPCError(code: .unimplemented, message: "not implemented") }

    func fuseVideoManipulation(request: Mediforproto_FuseVideoManipulationRequest, context: ServerContext)
        async throws -> Mediforproto_VideoManipulation
    { throw RPCError(code: .unimplemented, message: "not implemented") }

    func fuseImageCameraMatch(request: Mediforproto_FuseImageCameraMatchRequest, context: ServerContext)
        async throws -> Mediforproto_ImageCameraMatch
    { throw RPCError(code: .unimplemented, message: "not implemented") }

    func fuseVideoCameraMatch(request: Mediforproto_FuseVideoCameraMatchRequest, context: ServerContext)
        async throws -> Mediforproto_VideoCameraMatch
    { throw RPCError(code: .unimplemented, message: "not implemented") }

    func kill(request: Mediforproto_Empty, context: ServerContext) async throws -> Mediforproto_Empty {
        Mediforproto_Empty()
    }
}

/// A minimal PNG encoder (8-bit grey, stored deflate blocks) so the test analytic writes real mask files.
enum TinyPNG {
    static func grey(width: Int, height: Int, pixel: (Int, Int) -> UInt8) -> [UInt8] {
        var raw: [UInt8] = []
        for y in 0..<height {
            raw.append(0)
            for x in 0..<width { raw.append(pixel(x, y)) }
        }
        var zlib: [UInt8] = [0x78, 0x01, 0x01]
        let length = UInt16(raw.count)
        zlib += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
        zlib += raw
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in raw {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        zlib += bigEndian((b << 16) | a)
        var header = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, 0, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", zlib)
            + chunk("IEND", [])
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
