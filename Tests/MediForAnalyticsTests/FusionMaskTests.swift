import Foundation
import MediForAnalytics
import MediForImaging
import MediForProto
import SwiftProtobuf
import Testing

@Suite("Fusion: fused localization")
struct FusionMaskTests {
    /// Three 6×4 masks: `left` dark on the left half, `top` dark on the top half, `grey` 128 everywhere.
    static func masks(in folder: String) throws -> (left: String, top: String, grey: String) {
        (
            try FusionFixture.mask(folder + "/left.png", width: 6, height: 4) { x, _ in x < 3 ? 0 : 255 },
            try FusionFixture.mask(folder + "/top.png", width: 6, height: 4) { _, y in y < 2 ? 55 : 255 },
            try FusionFixture.mask(folder + "/grey.png", width: 6, height: 4) { _, _ in 128 }
        )
    }

    @Test("mean: suspicion weighted by each analytic's score; the mask is written as <out_dir>/mean-mask.png")
    func meanMask() throws {
        let folder = try FusionFixture.folder("mean")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let masks = try Self.masks(in: folder)
        let out = folder + "/out"
        let request = FusionFixture.request(
            [FusionFixture.entry("ela", 0.2, mask: masks.left), FusionFixture.entry("adq", 0.6, mask: masks.top)],
            outDir: out, wantMasks: true)
        let result = try ScoreFuser(rule: .mean).fuse(request)
        #expect(result.optOut == .optOutNone)
        #expect(result.localization.mask.uri == out + "/mean-mask.png")
        let fused = try FusionFixture.readMask(result.localization.mask.uri)
        #expect(fused.width == 6 && fused.height == 4 && fused.channels == 1)
        // Suspicion: left 1 or 0, top 200/255 or 0; weights 0.2 and 0.6 → 255 − (0.25·255·l + 0.75·200·t).
        #expect(fused[0, 0] == 41)  // 255 − 213.75 with the suspicion rounded half away from zero
        #expect(fused[5, 0] == 105)  // 255 − 150
        #expect(fused[0, 3] == 191)  // 255 − 63.75
        #expect(fused[5, 3] == 255)
        #expect(result.explanation.contains("; mask: ela 0.25, adq 0.75"))
    }

    @Test("max: the darkest value at each pixel")
    func maxMask() throws {
        let folder = try FusionFixture.folder("max")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let masks = try Self.masks(in: folder)
        let request = FusionFixture.request(
            [FusionFixture.entry("ela", 0.2, mask: masks.grey), FusionFixture.entry("adq", 0.6, mask: masks.top)],
            outDir: folder, wantMasks: true)
        let fused = try FusionFixture.readMask(try ScoreFuser(rule: .max).fuse(request).localization.mask.uri)
        #expect(fused[0, 0] == 55 && fused[5, 1] == 55)
        #expect(fused[0, 2] == 128 && fused[5, 3] == 128)
    }

    @Test("logreg: weighted by positive contributions; a mis-sized and a missing mask are skipped and named")
    func logregMaskWeights() throws {
        let folder = try FusionFixture.folder("logreg")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let masks = try Self.masks(in: folder)
        let small = try FusionFixture.mask(folder + "/small.png", width: 3, height: 3) { _, _ in 0 }
        let fuser = LogRegFuser(model: FusionFixture.model)
        // ela: 1.5·2·logit(0.75) = 3 log 3 ≈ 3.30; adq: 0.5·2·logit(0.9) = log 9 ≈ 2.20 (weights 0.6 / 0.4);
        // cfa: 1·(logit(0.2) − 1) < 0, so its mask does not count.
        let request = FusionFixture.request(
            [
                FusionFixture.entry("ela", 0.75, mask: masks.left), FusionFixture.entry("adq", 0.9, mask: masks.top),
                FusionFixture.entry("cfa", 0.2, mask: masks.grey),
                FusionFixture.entry("splice", 0.9, mask: small),
            ],
            outDir: folder, wantMasks: true)
        var result = try fuser.fuse(request)
        #expect(result.localization.mask.uri == folder + "/logreg-mask.png")
        var fused = try FusionFixture.readMask(result.localization.mask.uri)
        let wEla = 3 * log(3.0) / (3 * log(3.0) + log(9.0))
        #expect(fused[0, 0] == UInt8((255 - (255 * wEla + 200 * (1 - wEla))).rounded()))
        #expect(fused[5, 0] == UInt8((255 - 200 * (1 - wEla)).rounded()))
        #expect(fused[0, 3] == UInt8((255 - 255 * wEla).rounded()))
        #expect(result.explanation.contains("; mask: ela 0.60, adq 0.40"))

        // ela's mask has the wrong size (the probe says 6×4) and adq's file is gone: only cfa's is left.
        let wrong = try FusionFixture.mask(folder + "/wrong.png", width: 5, height: 4) { _, _ in 0 }
        let probe = try FusionFixture.mask(folder + "/probe.png", width: 6, height: 4) { _, _ in 90 }
        let second = FusionFixture.request(
            [
                FusionFixture.entry("ela", 0.75, mask: wrong), FusionFixture.entry("adq", 0.9, mask: folder + "/gone.png"),
                FusionFixture.entry("cfa", 0.9, mask: masks.grey),
            ],
            outDir: folder, wantMasks: true, probe: probe)
        result = try fuser.fuse(second)
        fused = try FusionFixture.readMask(result.localization.mask.uri)
        #expect(fused[2, 2] == 128, "only cfa's grey mask is left")
        #expect(result.explanation.contains("; mask: cfa 1.00; skipped masks: adq (no file \(folder)/gone.png), ela (mask is 5x4, probe 6x4)"))

        // When no analytic raised the score, the analytics' masks are weighted equally.
        let low = FusionFixture.request(
            [FusionFixture.entry("ela", 0.2, mask: masks.left), FusionFixture.entry("adq", 0.3, mask: masks.top)],
            outDir: folder, wantMasks: true)
        fused = try FusionFixture.readMask(try fuser.fuse(low).localization.mask.uri)
        #expect(fused[0, 0] == 27 && fused[5, 0] == 155)
    }

    @Test("no mask input opts out of localization; without want_masks nothing is written")
    func noMasks() throws {
        let folder = try FusionFixture.folder("none")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let entries = [FusionFixture.entry("ela", 0.7), FusionFixture.entry("adq", 0.4)]
        let fusers: [any ImageFuser] = [ScoreFuser(rule: .mean), ScoreFuser(rule: .max), LogRegFuser(model: FusionFixture.model)]
        for fuser in fusers {
            let result = try fuser.fuse(FusionFixture.request(entries, outDir: folder, wantMasks: true))
            #expect(result.optOut == .optOutLocalization, "\(fuser.id)")
            #expect(result.explanation.contains("no fused mask: no analytic mask"), "\(fuser.id)")
            let quiet = try fuser.fuse(FusionFixture.request(entries, outDir: folder, wantMasks: false))
            #expect(quiet.optOut == .optOutNone && !quiet.hasLocalization, "\(fuser.id)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/mean-mask.png"))
        let noOut = try ScoreFuser(rule: .mean).fuse(FusionFixture.request(entries, wantMasks: true))
        #expect(noOut.optOut == .optOutLocalization && noOut.explanation.contains("no out_dir"))
    }

    @Test("masks without a score still localize: the result opts out of detection only")
    func maskWithoutScore() throws {
        let folder = try FusionFixture.folder("detect")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let masks = try Self.masks(in: folder)
        let request = FusionFixture.request(
            [FusionFixture.entry("ela", 0.3, mask: masks.left, optOut: .optOutDetection)], outDir: folder,
            wantMasks: true)
        let result = try ScoreFuser(rule: .max).fuse(request)
        #expect(result.optOut == .optOutDetection)
        #expect(try FusionFixture.readMask(result.localization.mask.uri)[0, 0] == 0)
    }
}
