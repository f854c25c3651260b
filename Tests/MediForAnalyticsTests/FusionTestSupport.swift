import Foundation
import MediForAnalytics
import MediForImaging
import MediForProto
import SwiftProtobuf

/// Requests, masks and folders for the fusion tests.
enum FusionFixture {
    /// A fresh temporary folder.
    static func folder(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/fusion-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// An analytic's result: a score (nil = `OPT_OUT_ALL`) and optionally a mask file.
    static func entry(_ id: String, _ score: Double?, mask: String? = nil, optOut: Mediforproto_OptOutType? = nil)
        -> Mediforproto_AnnotatedImageManipulation
    {
        Mediforproto_AnnotatedImageManipulation.with { entry in
            entry.id = id
            entry.data = Mediforproto_ImageManipulation.with {
                if let score { $0.score = score } else { $0.optOut = .optOutAll }
                if let optOut { $0.optOut = optOut }
                if let mask {
                    $0.localization.mask = Mediforproto_Resource.with {
                        $0.uri = mask
                        $0.type = "image/png"
                    }
                }
            }
        }
    }

    /// A fusion request over `entries`.
    static func request(_ entries: [Mediforproto_AnnotatedImageManipulation], outDir: String = "", wantMasks: Bool = false,
                        probe: String = "") -> Mediforproto_FuseImageManipulationRequest
    {
        Mediforproto_FuseImageManipulationRequest.with {
            $0.imgManip = entries
            $0.outDir = outDir
            $0.wantMasks = wantMasks
            $0.imgManipReq.image.uri = probe
        }
    }

    /// Writes an 8-bit grey PNG whose pixel (x, y) is `value(x, y)`; returns its path.
    static func mask(_ path: String, width: Int, height: Int, _ value: (Int, Int) -> UInt8) throws -> String {
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height { for x in 0..<width { pixels[y * width + x] = value(x, y) } }
        try Data(try encodePNGMask(width: width, height: height, pixels: pixels)).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Reads a grey PNG back.
    static func readMask(_ path: String) throws -> PixelImage {
        try decodeImage(data: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// A hand-made model over three analytics with easy numbers: llr(s) = 2·logit(s) (0 at 0.5).
    static let model = FusionModel(
        analytics: [
            .init(id: "ela", calibration: ScoreCalibration(slope: 2, offset: 0), weight: 1.5, optOutWeight: -0.25),
            .init(id: "adq", calibration: ScoreCalibration(slope: 2, offset: 0), weight: 0.5, optOutWeight: 0.1),
            .init(id: "cfa", calibration: ScoreCalibration(slope: 1, offset: -1), weight: 1, optOutWeight: -0.5),
        ],
        bias: -0.3)
}

/// A small seeded generator for synthetic scores (64-bit LCG, top bits).
struct TestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 2_862_933_555_777_941_757 &+ 3_037_000_493 }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53)
    }

    /// Uniform in `range`.
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }
}
