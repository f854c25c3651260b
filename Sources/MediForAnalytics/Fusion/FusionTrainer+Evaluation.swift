import MediForEval
import MediForProto

/// One system's detection AUC on the held-out hosts.
public struct HeldOutResult: Hashable, Sendable {
    /// `logreg`, `mean`, `max`, or an analytic id.
    public var system: String
    /// Whether the system is a fuser.
    public var isFuser: Bool
    /// The AUC (MediScore's ROC), or `nil` when the system gave no score on any held-out probe.
    public var auc: Double?
    /// Held-out probes the system gave a score.
    public var scored: Int
}

/// What ``FusionTrainer/train(_:holdout:seed:)`` produced.
public struct FusionTrainingReport: Sendable {
    /// The model refitted on every probe, with the training summary (held-out AUCs included).
    public var model: FusionModel
    /// The host split used for the held-out numbers.
    public var split: HostSplit
    /// Probes on the training hosts.
    public var trainProbes: Int
    /// Probes on the test hosts, and how many of them are targets.
    public var testProbes: Int
    /// Targets among ``testProbes``.
    public var testTargets: Int
    /// Held-out results: `logreg`, `mean`, `max`, then the analytics by decreasing AUC.
    public var heldOut: [HeldOutResult]
}

extension FusionTrainer {
    /// Splits the probes by host, fits on the training hosts, scores `logreg`, `mean`, `max` and every analytic on
    /// the held-out hosts, then refits on all hosts and records the held-out numbers in the model.
    /// - Throws: ``FusionTrainingError`` for too few hosts, a bad fraction, or a split where either part lacks
    ///   targets or non-targets (another seed or fraction may work).
    public func train(_ set: FusionTrainingSet, holdout: Double, seed: UInt64) throws(FusionTrainingError)
        -> FusionTrainingReport
    {
        let split = try HostSplit(hosts: set.samples.map(\.hostID), holdout: holdout, seed: seed)
        let train = set.samples(onHosts: split.trainHosts)
        let test = set.samples(onHosts: split.testHosts)
        for (name, part) in [("training", train), ("held-out", test)] {
            let targets = part.filter(\.isTarget).count
            guard targets > 0, targets < part.count else {
                throw FusionTrainingError(
                    "with seed \(seed) and holdout \(holdout) the \(name) hosts have only "
                        + "\(targets > 0 ? "targets" : "non-targets") (\(part.count) probes); try another --seed or --holdout")
            }
        }
        let trained = try fit(train, analytics: set.analytics)
        let heldOut = Self.heldOut(test, analytics: set.analytics, model: trained.model)
        let refit = try fit(set.samples, analytics: set.analytics)
        var model = refit.model
        var auc: [String: Double] = [:]
        for result in heldOut { auc[result.system] = result.auc }
        model.training = FusionModel.TrainingSummary(
            dataset: set.dataset, seed: seed, holdout: holdout, l2: l2, trainHosts: split.trainHosts,
            testHosts: split.testHosts, samples: set.samples.count, targets: set.samples.filter(\.isTarget).count,
            heldOutAUC: auc, notes: set.notes + refit.notes)
        return FusionTrainingReport(
            model: model, split: split, trainProbes: train.count, testProbes: test.count,
            testTargets: test.filter(\.isTarget).count, heldOut: heldOut)
    }

    /// The AUC of `logreg` (with `model`), `mean`, `max` and each analytic on `samples`.
    ///
    /// A probe a system gave no score gets the lowest score that system gave on `samples`: MediScore's
    /// missing-score rule, as `medifor eval score` would apply it to these trials.
    public static func heldOut(_ samples: [FusionSample], analytics: [String], model: FusionModel) -> [HeldOutResult] {
        let logreg = LogRegFuser(model: model)
        let mean = ScoreFuser(rule: .mean)
        let maximum = ScoreFuser(rule: .max)
        var fused: [[Double?]] = [[], [], []]
        for sample in samples {
            let input = fuserInput(sample, analytics: analytics)
            for (slot, result) in [logreg.fuse(input), mean.fuse(input), maximum.fuse(input)].enumerated() {
                fused[slot].append(result.optOut == .optOutAll ? nil : result.score)
            }
        }
        let labels = samples.map(\.isTarget)
        var results = zip([logreg.id, mean.id, maximum.id], fused).map { system, scores in
            evaluate(system, isFuser: true, scores: scores, labels: labels)
        }
        let single = analytics.map { id in
            evaluate(id, isFuser: false, scores: samples.map { $0.scores[id] }, labels: labels)
        }
        results += single.sorted { ($0.auc ?? -1, $1.system) > ($1.auc ?? -1, $0.system) }
        return results
    }

    static func evaluate(_ system: String, isFuser: Bool, scores: [Double?], labels: [Bool]) -> HeldOutResult {
        let given = scores.compactMap { $0 }
        guard let lowest = given.min() else { return HeldOutResult(system: system, isFuser: isFuser, auc: nil, scored: 0) }
        let trials = zip(scores, labels).map { DetectionTrial(score: $0 ?? lowest, isTarget: $1) }
        let auc = (try? DetectionScorer().metrics(of: trials))?.auc
        return HeldOutResult(system: system, isFuser: isFuser, auc: auc, scored: given.count)
    }
}
