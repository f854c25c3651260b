import MediForEval
import Testing

@Suite("bootstrap confidence intervals")
struct BootstrapTests {
    @Test("the generator reproduces numpy.random.RandomState(77)")
    func numpyStream() {
        // numpy 2.4.6: r = np.random.RandomState(77); [r.randint(0, 2**32, dtype=np.uint64) for _ in range(5)]
        var random = NumPyRandomState(seed: 77)
        #expect(
            (0..<5).map { _ in random.nextUInt32() } == [
                3_947_543_255, 139_010_655, 2_758_209_108, 1_517_742_036, 3_237_169_387,
            ])
        // np.random.RandomState(77).choice(np.arange(1124), 10): masked rejection on 32-bit draws (mask 2047).
        var chooser = NumPyRandomState(seed: 77)
        #expect(chooser.choice(population: 1124, count: 10) == [727, 607, 235, 927, 736, 167, 172, 787, 928, 827])
        // A population of one consumes no draw, as in NumPy.
        var single = NumPyRandomState(seed: 77)
        #expect(single.nextIndex(below: 1) == 0)
        #expect(single.nextUInt32() == 3_947_543_255)
    }

    static func sampleTrials() -> [DetectionTrial] {
        // 60 trials, interleaved scores so that resamples vary.
        (0..<60).map { index in
            let isTarget = index % 3 != 0
            let score = Double((index * 37) % 61) / 61 + (isTarget ? 0.2 : 0)
            return DetectionTrial(score: score, isTarget: isTarget)
        }
    }

    @Test("the same seed gives the same intervals, and they bracket the point estimates")
    func deterministic() throws {
        let scorer = DetectionScorer(configuration: .init(bootstrap: BootstrapConfiguration()))
        let first = try #require(try scorer.metrics(of: Self.sampleTrials()))
        let second = try #require(try scorer.metrics(of: Self.sampleTrials()))
        let intervals = try #require(first.confidenceIntervals)
        #expect(first.confidenceIntervals == second.confidenceIntervals)
        #expect(intervals.level == 0.9)
        #expect(intervals.usableResamples == 500)
        #expect(intervals.auc.lower <= first.auc && first.auc <= intervals.auc.upper)
        #expect(intervals.auc.lower < intervals.auc.upper)
        #expect(intervals.partialAUC.lower <= intervals.partialAUC.upper)
        #expect(intervals.tprAtFARStop.lower <= intervals.tprAtFARStop.upper)
    }

    @Test("another seed draws other resamples")
    func seedMatters() throws {
        let trials = Self.sampleTrials()
        let seed77 = try DetectionScorer(configuration: .init(bootstrap: BootstrapConfiguration(seed: 77))).metrics(
            of: trials)
        let seed78 = try DetectionScorer(configuration: .init(bootstrap: BootstrapConfiguration(seed: 78))).metrics(
            of: trials)
        #expect(seed77?.confidenceIntervals != seed78?.confidenceIntervals)
    }

    @Test("a perfect system has the degenerate interval [1, 1]")
    func perfect() throws {
        let trials = (0..<20).map { DetectionTrial(score: Double($0), isTarget: $0 >= 10) }
        let scorer = DetectionScorer(configuration: .init(bootstrap: BootstrapConfiguration(resamples: 50)))
        let intervals = try #require(try scorer.metrics(of: trials)?.confidenceIntervals)
        #expect(intervals.auc == ConfidenceInterval(lower: 1, upper: 1))
    }

    @Test("resamples that lose a class are left out of the intervals")
    func degenerateResamples() throws {
        // One target among 20 trials: about (19/20)^20 ≈ 36% of resamples contain no target.
        let trials = (0..<20).map { DetectionTrial(score: Double($0), isTarget: $0 == 19) }
        let scorer = DetectionScorer(configuration: .init(bootstrap: BootstrapConfiguration(resamples: 200)))
        let intervals = try #require(try scorer.metrics(of: trials)?.confidenceIntervals)
        #expect(intervals.usableResamples < 200)
        #expect(intervals.usableResamples > 0)
        #expect(intervals.auc.upper == 1)
    }

    @Test("a level outside (0, 1) is refused")
    func badLevel() {
        let scorer = DetectionScorer(configuration: .init(bootstrap: BootstrapConfiguration(level: 1)))
        #expect {
            try scorer.metrics(of: Self.sampleTrials())
        } throws: { ($0 as? EvaluationError)?.code == .invalidConfiguration }
    }
}
