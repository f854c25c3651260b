import MediForEval
import Testing

/// A mask from rows of characters: `#` = 0 (manipulated), `.` = 255, a digit d = d × 25 (for grey levels).
func mask(_ rows: [String]) throws -> MaskPlane {
    let pixels = rows.flatMap { row in
        row.map { character -> UInt8 in
            switch character {
            case "#": 0
            case ".": 255
            default: UInt8(character.wholeNumberValue ?? 0) * 25
            }
        }
    }
    return try MaskPlane(width: rows.first?.count ?? 0, height: rows.count, pixels: pixels)
}

let noZones = MaskScorer.Configuration(erosionKernelSize: 0, dilationKernelSize: 0)

@Suite("mask scorer")
struct MaskScorerTests {
    /// 8×8 reference with a 4×4 manipulated block at rows 2–5, columns 2–5.
    static let reference = [
        "........", "........", "..####..", "..####..", "..####..", "..####..", "........", "........",
    ]
    /// The same block shifted one pixel right and down (rows 3–6, columns 3–6).
    static let shifted = [
        "........", "........", "........", "...####.", "...####.", "...####.", "...####.", "........",
    ]

    @Test("without no-score zones a one-pixel shift costs MCC and F1")
    func shiftedWithoutZones() throws {
        // Overlap 3×3 = 9 → TP 9, FP 7, FN 7, TN 64 − 23 = 41.
        // MCC = (9·41 − 7·7) / √(16·16·48·48) = 320 / 768 = 0.416667; F1 = 18 / (18 + 14) = 0.5625.
        let score = try MaskScorer(configuration: noZones).score(
            reference: mask(Self.reference), system: mask(Self.shifted))
        let optimum = try #require(score.optimum)
        #expect(
            optimum.counts == ConfusionCounts(truePositives: 9, falsePositives: 7, falseNegatives: 7, trueNegatives: 41)
        )
        #expect(abs(optimum.mcc - 320.0 / 768.0) < 1e-15)
        #expect(optimum.f1 == 0.5625)
        #expect(optimum.threshold == 0)  // 0..254 all give these counts; the lowest is chosen
        #expect(score.zone.boundaryPixelCount == 0)
    }

    @Test("the boundary zone (3×3 box erosion and dilation) forgives the shift")
    func shiftedWithBoundaryZone() throws {
        // Eroded block: rows/columns 3–4 (4 px). Dilated block: rows/columns 1–6 (36 px). Ring = 32 px.
        // Scored: the 4 interior pixels (all hit by the shifted system block) and the 28 pixels of the outer frame
        // (rows 0 and 7, columns 0 and 7), none hit. TP 4, FP 0, FN 0, TN 28 → MCC 1, F1 1.
        let scorer = MaskScorer(configuration: .init(erosionKernelSize: 3, dilationKernelSize: 3))
        let score = try scorer.score(reference: mask(Self.reference), system: mask(Self.shifted))
        #expect(score.zone.boundaryPixelCount == 32)
        #expect(score.scoredPixels == 32)
        let optimum = try #require(score.optimum)
        #expect(
            optimum.counts == ConfusionCounts(truePositives: 4, falsePositives: 0, falseNegatives: 0, trueNegatives: 28)
        )
        #expect(optimum.mcc == 1)
        #expect(optimum.f1 == 1)
        #expect(optimum.nmm == 1)
        #expect(optimum.bwl1 == 0)
    }

    @Test("a ground-truth system scores MCC 1, NMM 1, BWL1 0 with the default zones (spec §7.3)")
    func groundTruth() throws {
        let reference = try mask(Self.reference)
        let score = try MaskScorer().score(reference: reference, system: reference)
        // On an 8×8 image the default kernels (eks 15, dks 11) put every pixel in the ring: nothing is scored and
        // the metrics are undefined. Kernels have to be scaled down for small images.
        #expect(score.scoredPixels == 0)
        #expect(score.optimum == nil)
        // eks 1 (no erosion), dks 3: the ring is the 20 pixels around the block; 16 + 28 pixels are scored.
        let small = try MaskScorer(configuration: .init(erosionKernelSize: 1, dilationKernelSize: 3))
            .score(reference: reference, system: reference)
        #expect(small.scoredPixels == 44)
        #expect(small.optimum?.mcc == 1)
        #expect(small.optimum?.nmm == 1)
        #expect(small.optimum?.bwl1 == 0)
        #expect(small.gwl1 == 0)
        #expect(small.pixelAUC == 1)
    }

    /// One row: reference [#, #, #, ., ., .]; system gray levels 10, 50, 200 | 30, 220, 250.
    static let grayReference = ["###..."]
    static let graySystem: [UInt8] = [10, 50, 200, 30, 220, 250]

    @Test("the optimum threshold is the lowest with the highest MCC; a fixed threshold is scored as given")
    func optimumVersusFixed() throws {
        // Threshold → (TP, FP, FN, TN) → MCC:
        //   −1…9    (0,0,3,3) → 0 (TP+FP = 0)
        //   10…29   (1,0,2,3) → 3 / √(1·3·3·5) = 0.447214
        //   30…49   (1,1,2,2) → 0
        //   50…199  (2,1,1,2) → 3 / √(3·3·3·3) = ⅓
        //   200…219 (3,1,0,2) → 6 / √(4·3·3·2) = 0.707107   ← optimum, threshold 200
        //   220…249 (3,2,0,1) → 3 / √(5·3·3·1) = 0.447214
        //   250…255 (3,3,0,0) → 0 (TP+FP = N)
        let system = try MaskPlane(width: 6, height: 1, pixels: Self.graySystem)
        let score = try MaskScorer(
            configuration: .init(erosionKernelSize: 0, dilationKernelSize: 0, fixedThreshold: 127)
        )
        .score(reference: mask(Self.grayReference), system: system)
        let optimum = try #require(score.optimum)
        #expect(optimum.threshold == 200)
        #expect(abs(optimum.mcc - 0.7071067811865476) < 1e-15)
        #expect(optimum.f1 == 6.0 / 7.0)
        let fixed = try #require(score.fixed)
        #expect(fixed.threshold == 127)
        #expect(
            fixed.counts == ConfusionCounts(truePositives: 2, falsePositives: 1, falseNegatives: 1, trueNegatives: 2))
        #expect(abs(fixed.mcc - 1.0 / 3.0) < 1e-15)
        #expect(fixed.f1 == 4.0 / 6.0)
        // GWL1 = (10 + 50 + 200 + (255−30) + (255−220) + (255−250)) / 255 / 6 = 525 / 1530.
        #expect(abs((score.gwl1 ?? 0) - 525.0 / 1530.0) < 1e-15)
        // A per-probe threshold (a MediFor result's mask_threshold) overrides the configured one.
        let perProbe = try MaskScorer(configuration: noZones).score(
            reference: mask(Self.grayReference), system: system, fixedThreshold: 210)
        #expect(perProbe.fixed?.counts.truePositives == 3)
    }

    @Test("the histogram sweep agrees with a direct count at every threshold")
    func sweepMatchesDirectCount() throws {
        var generator = SplitMix(seed: 7)
        let width = 37
        let height = 23
        let reference = try MaskPlane(
            width: width, height: height, pixels: (0..<width * height).map { _ in generator.next() % 3 == 0 ? 0 : 255 })
        let system = try MaskPlane(
            width: width, height: height, pixels: (0..<width * height).map { _ in UInt8(generator.next() % 256) })
        let score = try MaskScorer(configuration: noZones).score(reference: reference, system: system)
        for threshold in [-1, 0, 17, 128, 254, 255] {
            var expected = (tp: 0, fp: 0, fn: 0, tn: 0)
            for index in reference.pixels.indices {
                let truth = reference.pixels[index] < 255
                let called = Int(system.pixels[index]) <= threshold
                switch (truth, called) {
                case (true, true): expected.tp += 1
                case (false, true): expected.fp += 1
                case (true, false): expected.fn += 1
                case (false, false): expected.tn += 1
                }
            }
            #expect(
                score.sweep.counts(atThreshold: threshold)
                    == ConfusionCounts(
                        truePositives: expected.tp, falsePositives: expected.fp, falseNegatives: expected.fn,
                        trueNegatives: expected.tn))
        }
    }

    @Test("system pixels at the probe's opt-out value are not scored")
    func pixelOptOut() throws {
        // Reference [#, #, ., .]; system [0, 128, 0, 255] with opt-out value 128: the second pixel is dropped.
        // Scored: (ref #, sys 0) TP; (ref ., sys 0) FP; (ref ., sys 255) TN at threshold 0: TP 1, FP 1, FN 0, TN 1.
        let system = try MaskPlane(width: 4, height: 1, pixels: [0, 128, 0, 255])
        let scorer = MaskScorer(configuration: .init(erosionKernelSize: 0, dilationKernelSize: 0, fixedThreshold: 0))
        let score = try scorer.score(reference: mask(["##.."]), system: system, optOutPixelValue: 128)
        #expect(score.zone.pixelNoScoreCount == 1)
        #expect(score.zone.flags == [0, NoScoreZone.pixel, 0, 0])
        #expect(
            score.fixed?.counts
                == ConfusionCounts(truePositives: 1, falsePositives: 1, falseNegatives: 0, trueNegatives: 1))
        // Without the opt-out value the 128 pixel is a false negative at threshold 0.
        let plain = try scorer.score(reference: mask(["##.."]), system: system)
        #expect(plain.fixed?.counts.falseNegatives == 1)
        // The global no-score value (--nspx) works the same way.
        let global = try MaskScorer(
            configuration: .init(erosionKernelSize: 0, dilationKernelSize: 0, noScorePixelValue: 128)
        )
        .score(reference: mask(["##.."]), system: system)
        #expect(global.scoredPixels == 3)
    }

    @Test("degenerate masks: all clean, all manipulated, everything excluded, empty")
    func degenerateMasks() throws {
        let scorer = MaskScorer(configuration: noZones)
        // All clean reference: MCC 0 at every threshold, so the optimum is −1 (nothing called); NMM undefined.
        let clean = try scorer.score(
            reference: mask(["...."]), system: MaskPlane(width: 4, height: 1, pixels: [0, 90, 200, 255]))
        #expect(clean.optimum?.threshold == -1)
        #expect(clean.optimum?.mcc == 0)
        #expect(clean.optimum?.nmm == nil)
        #expect(clean.optimum?.f1 == 0)
        #expect(clean.pixelAUC == nil)
        // All manipulated: TP+FN = N, MCC 0 by convention, but NMM and F1 are defined.
        let full = try scorer.score(
            reference: mask(["####"]), system: MaskPlane(width: 4, height: 1, pixels: [0, 0, 255, 255]))
        #expect(full.optimum?.mcc == 0)
        let atZero = full.sweep.counts(atThreshold: 0)
        #expect(atZero.nmm == 0)  // (2 − 2 − 0) / 4
        #expect(atZero.f1 == 4.0 / 6.0)
        // Every pixel at the opt-out value: nothing scored, every metric undefined.
        let excluded = try scorer.score(
            reference: mask(["#."]), system: MaskPlane(width: 2, height: 1, pixels: [7, 7]), optOutPixelValue: 7)
        #expect(excluded.optimum == nil)
        #expect(excluded.gwl1 == nil)
        #expect(excluded.sweep.mccByThreshold == nil)
        // A 0×0 mask: nothing to score.
        let empty = try scorer.score(
            reference: MaskPlane(width: 0, height: 0, pixels: []), system: MaskPlane(width: 0, height: 0, pixels: []))
        #expect(empty.optimum == nil)
        #expect(empty.scoredPixels == 0)
    }

    @Test("a blank system mask (missing or failed validation) detects nothing")
    func blank() throws {
        let score = try MaskScorer(
            configuration: .init(erosionKernelSize: 0, dilationKernelSize: 0, fixedThreshold: 254)
        )
        .scoreBlank(reference: mask(["##.."]))
        #expect(
            score.fixed?.counts
                == ConfusionCounts(truePositives: 0, falsePositives: 0, falseNegatives: 2, trueNegatives: 2))
        #expect(score.fixed?.mcc == 0)
    }

    @Test("masks of different sizes, even kernels and thresholds out of range are refused")
    func invalidInput() throws {
        let four = try mask(["##.."])
        let two = try mask(["##"])
        #expect { try MaskScorer().score(reference: four, system: two) } throws: {
            ($0 as? EvaluationError)?.code == .sizeMismatch
        }
        #expect {
            try MaskScorer(configuration: .init(erosionKernelSize: 4)).score(reference: four, system: four)
        } throws: { ($0 as? EvaluationError)?.code == .invalidConfiguration }
        #expect {
            try MaskScorer(configuration: noZones).score(reference: four, system: four, fixedThreshold: 256)
        } throws: { ($0 as? EvaluationError)?.code == .invalidConfiguration }
        #expect(throws: EvaluationError.self) { try MaskPlane(width: 3, height: 2, pixels: [0, 0]) }
    }
}

/// A small deterministic generator for test inputs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
