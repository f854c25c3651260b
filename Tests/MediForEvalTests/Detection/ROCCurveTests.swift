import MediForEval
import Testing

/// Trials from a compact spelling: `("T", 0.9)` is a target scoring 0.9.
func trials(_ spec: [(String, Double)]) -> [DetectionTrial] {
    spec.map { DetectionTrial(score: $0.1, isTarget: $0.0 == "T") }
}

func points(_ curve: ROCCurve) -> [[Double]] { curve.points.map { [$0.fpr, $0.tpr] } }

@Suite("ROC curve")
struct ROCCurveTests {
    @Test("tied scores enter together as one diagonal step")
    func tiesFormOneStep() throws {
        // T .9 and N .9 tie: at threshold .9 one target and one non-target enter at once, so the curve goes
        // straight from (0, 0) to (0.5, 0.5); then T .5 → (0.5, 1), N .1 → (1, 1).
        let curve = try #require(ROCCurve(trials: trials([("T", 0.9), ("N", 0.9), ("T", 0.5), ("N", 0.1)])))
        #expect(points(curve) == [[0, 0], [0.5, 0.5], [0.5, 1], [1, 1]])
        #expect(curve.points.map(\.threshold) == [nil, 0.9, 0.5, 0.1])
        #expect(curve.points.map(\.truePositives) == [0, 1, 2, 2])
        #expect(curve.points.map(\.falsePositives) == [0, 1, 1, 2])
        // Trapezoids: 0.5 × (0 + 0.5) / 2 + 0 + 0.5 × (1 + 1) / 2 = 0.125 + 0.5.
        #expect(curve.areaUnderCurve == 0.625)
    }

    @Test("the order of tied trials does not matter")
    func tieOrder() throws {
        let one = try #require(ROCCurve(trials: trials([("T", 0.9), ("N", 0.9), ("T", 0.5), ("N", 0.1)])))
        let other = try #require(ROCCurve(trials: trials([("N", 0.1), ("N", 0.9), ("T", 0.5), ("T", 0.9)])))
        #expect(one == other)
    }

    @Test("collinear intermediate points are dropped (spec §7.3, first row)")
    func dropsCollinearPoints() throws {
        // Thresholds .9 .8 .3 .2 give (fps, tps) = (0,1) (0,2) (1,2) (2,2). At .3 both second differences are 0
        // (fps 0,1,2; tps 2,2,2), so (0.5, 1) is dropped; (0, 0.5) stays because tps bends there.
        let curve = try #require(ROCCurve(trials: trials([("T", 0.9), ("T", 0.8), ("N", 0.3), ("N", 0.2)])))
        #expect(points(curve) == [[0, 0], [0, 0.5], [0, 1], [1, 1]])
        #expect(curve.areaUnderCurve == 1)
        #expect(curve.equalErrorRate == 0)
        #expect(curve.truePositiveRate(atFPR: 0.1) == 1)
    }

    @Test("alternating targets keep every corner (spec §7.3, fourth row)")
    func alternating() throws {
        let curve = try #require(ROCCurve(trials: trials([("T", 0.9), ("N", 0.8), ("T", 0.7), ("N", 0.6)])))
        #expect(points(curve) == [[0, 0], [0, 0.5], [0.5, 0.5], [0.5, 1], [1, 1]])
        #expect(curve.areaUnderCurve == 0.75)
        // |fpr − fnr| = 1, 0.5, 0, 0.5, 1: the middle point, (0.5 + 0.5) / 2.
        #expect(curve.equalErrorRate == 0.5)
    }

    @Test(
        "AUC and EER of perfect, random and inverted systems",
        arguments: [
            ("perfect", [("T", 0.9), ("T", 0.8), ("N", 0.3), ("N", 0.2)], 1.0, 0.0),
            ("random: every score equal", [("T", 0.5), ("N", 0.5), ("T", 0.5), ("N", 0.5)], 0.5, 0.5),
            ("inverted", [("T", 0.2), ("N", 0.9)], 0.0, 1.0),
            ("inverted, larger", [("T", 0.1), ("T", 0.2), ("N", 0.8), ("N", 0.9)], 0.0, 1.0),
        ]
    )
    func referenceSystems(name: String, spec: [(String, Double)], auc: Double, eer: Double) throws {
        let curve = try #require(ROCCurve(trials: trials(spec)))
        #expect(curve.areaUnderCurve == auc, "\(name)")
        #expect(curve.equalErrorRate == eer, "\(name)")
    }

    @Test("all scores equal: (0,0)–(1,1), partial AUC 0, TPR at FPR 0.1 is 0.1 (spec §3.4)")
    func allEqual() throws {
        let curve = try #require(ROCCurve(trials: trials([("T", 0.3), ("N", 0.3), ("T", 0.3), ("N", 0.3)])))
        #expect(points(curve) == [[0, 0], [1, 1]])
        #expect(curve.area(upToFPR: 0.1) == 0)
        #expect(curve.truePositiveRate(atFPR: 0.1) == 0.1)
    }

    @Test("without targets or without non-targets there is no curve")
    func undefined() {
        #expect(ROCCurve(trials: trials([("T", 0.9), ("T", 0.1)])) == nil)
        #expect(ROCCurve(trials: trials([("N", 0.9), ("N", 0.1)])) == nil)
        #expect(ROCCurve(trials: []) == nil)
    }

    /// T .9, T .8, N .7, T .6, N .5: (fps, tps) = (0,1) (0,2) (1,2) (1,3) (2,3) with 3 targets and 2 non-targets;
    /// every point is a corner, so the curve is (0,0) (0,⅓) (0,⅔) (½,⅔) (½,1) (1,1).
    static let staircase = trials([("T", 0.9), ("T", 0.8), ("N", 0.7), ("T", 0.6), ("N", 0.5)])

    @Test("EER is the mean at the point closest to fpr = fnr, not a crossing interpolated along a segment")
    func eerBetweenPoints() throws {
        let curve = try #require(ROCCurve(trials: Self.staircase))
        // fnr = 1, ⅔, ⅓, ⅓, 0, 0; |fpr − fnr| = 1, ⅔, ⅓, ⅙, ½, 1. The minimum is at (½, ⅔), so
        // EER = (½ + ⅓) / 2 = 5/12. (The curves actually cross on the flat segment at fpr = fnr = ⅓, which an
        // interpolating EER would report; MediScore does not interpolate.)
        #expect(abs(curve.equalErrorRate - 5.0 / 12.0) < 1e-15)
    }

    @Test("partial AUC sums whole trapezoids whose right end is within the limit, unnormalised")
    func partialAUC() throws {
        let curve = try #require(ROCCurve(trials: Self.staircase))
        // Segments ending at fpr 0 have no width; (0,⅔)→(½,⅔) adds ½ × ⅔ = ⅓; (½,⅔)→(½,1) adds 0.
        #expect(curve.area(upToFPR: 0.1) == 0)
        #expect(abs(curve.area(upToFPR: 0.5) - 1.0 / 3.0) < 1e-15)
        // No interpolation to exactly 0.6: the next segment ends at fpr 1 and is left out entirely.
        #expect(abs(curve.area(upToFPR: 0.6) - 1.0 / 3.0) < 1e-15)
        // The last segment adds ½ × 1: AUC = ⅓ + ½.
        #expect(abs(curve.areaUnderCurve - 5.0 / 6.0) < 1e-15)
    }

    @Test("TPR at a fixed FPR: exact point, interpolation, and interpolation from the origin")
    func tprAtFPR() throws {
        let staircase = try #require(ROCCurve(trials: Self.staircase))
        // Last point below 0.05 is (0, ⅔) (the last of the three at fpr 0); the next is (½, ⅔): flat, so ⅔.
        #expect(staircase.truePositiveRate(atFPR: 0.05) == 2.0 / 3.0)
        // A point has fpr exactly ½: the first one, (½, ⅔), not (½, 1).
        #expect(staircase.truePositiveRate(atFPR: 0.5) == 2.0 / 3.0)
        // Between (½, 1) and (1, 1).
        #expect(staircase.truePositiveRate(atFPR: 0.75) == 1)

        // The tie diagonal (0,0)→(½,½): TPR = FPR along it.
        let tied = try #require(ROCCurve(trials: trials([("T", 0.9), ("N", 0.9), ("T", 0.5), ("N", 0.1)])))
        #expect(abs(tied.truePositiveRate(atFPR: 0.1) - 0.1) < 1e-15)
        #expect(abs(tied.truePositiveRate(atFPR: 0.05) - 0.05) < 1e-15)
    }

    @Test("d′ is 0 for a chance system and Φ⁻¹(0.99999) − Φ⁻¹(0.00001) for a perfect one")
    func dPrime() throws {
        let chance = try #require(ROCCurve(trials: trials([("T", 0.5), ("N", 0.5)])))
        #expect(chance.dPrime == 0)
        let perfect = try #require(ROCCurve(trials: trials([("T", 0.9), ("N", 0.1)])))
        // Python: 2 * statistics.NormalDist().inv_cdf(0.99999) = 8.52978158784768
        #expect(abs(perfect.dPrime - 8.52978158784768) < 1e-9)
    }
}
