import MediForEval
import Testing

@Suite("confusion counts")
struct ConfusionCountsTests {
    @Test("MCC, F1, NMM and BWL1 of a hand-computed case")
    func handComputed() throws {
        // TP 3, FP 1, FN 2, TN 4, N 10.
        // MCC = (3·4 − 1·2) / √((3+1)(3+2)(4+1)(4+2)) = 10 / √600 = 0.408248290463863
        // F1 = 6 / (6 + 1 + 2) = ⅔; NMM = (3 − 2 − 1) / 5 = 0; BWL1 = (1 + 2) / 10 = 0.3
        let counts = ConfusionCounts(truePositives: 3, falsePositives: 1, falseNegatives: 2, trueNegatives: 4)
        let mcc = try #require(counts.mcc)
        #expect(abs(mcc - 0.408248290463863) < 1e-15)
        #expect(counts.f1 == 2.0 / 3.0)
        #expect(counts.nmm == 0)
        #expect(counts.bwl1 == 0.3)
        #expect(counts.scoredPixels == 10)
    }

    @Test(
        "MediScore's degenerate MCC cases are 0; no scored pixel is undefined",
        arguments: [
            ("nothing manipulated in the reference (TP+FN = 0)", 0, 2, 0, 8, 0.0 as Double?),
            ("everything manipulated in the reference (TP+FN = N)", 6, 0, 4, 0, 0.0),
            ("system calls nothing (TP+FP = 0)", 0, 0, 3, 7, 0.0),
            ("system calls everything (TP+FP = N)", 3, 7, 0, 0, 0.0),
            ("perfect", 4, 0, 0, 6, 1.0),
            ("perfectly wrong", 0, 6, 4, 0, -1.0),
            ("no scored pixel", 0, 0, 0, 0, nil),
        ]
    )
    func degenerate(name: String, tp: Int, fp: Int, fn: Int, tn: Int, expected: Double?) {
        let counts = ConfusionCounts(truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn)
        #expect(counts.mcc == expected, "\(name)")
    }

    @Test("F1 is 0 when 2TP + FP + FN is 0; NMM is undefined without reference pixels and floored at −1")
    func f1AndNMMEdges() {
        let empty = ConfusionCounts(truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 5)
        #expect(empty.f1 == 0)
        #expect(empty.nmm == nil)
        #expect(empty.bwl1 == 0)
        // (1 − 1 − 9) / 2 = −4.5 → −1.
        let noisy = ConfusionCounts(truePositives: 1, falsePositives: 9, falseNegatives: 1, trueNegatives: 0)
        #expect(noisy.nmm == -1)
        #expect(ConfusionCounts(truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0).bwl1 == nil)
    }
}
