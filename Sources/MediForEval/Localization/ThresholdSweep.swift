/// Confusion counts at every threshold from −1 to 255, from two 256-bin histograms of the system's gray levels
/// (one over scored reference-manipulated pixels, one over scored reference-clean pixels).
///
/// Building it is one pass over the pixels; every threshold afterwards is a table lookup, so finding the optimum
/// costs 257 evaluations of a formula instead of 257 passes over the image. At threshold `t` a pixel is called
/// manipulated when its gray level is at most `t`; −1 calls nothing manipulated.
public struct ThresholdSweep: Hashable, Sendable {
    /// The thresholds swept, in order.
    public static let thresholds = -1...255

    /// System gray-level histogram over scored pixels the reference marks manipulated.
    public let manipulatedHistogram: [Int]
    /// System gray-level histogram over scored pixels the reference marks clean.
    public let cleanHistogram: [Int]
    /// `cumulativeManipulated[t + 1]` = manipulated pixels with gray level ≤ t (so index 0 is threshold −1).
    private let cumulativeManipulated: [Int]
    private let cumulativeClean: [Int]

    /// Counts the scored pixels of a mask pair; `reference`, `system` and `zone` must have the same size.
    init(reference: MaskPlane, system: MaskPlane, zone: NoScoreZone) {
        var manipulated = [Int](repeating: 0, count: 256)
        var clean = [Int](repeating: 0, count: 256)
        reference.pixels.withUnsafeBufferPointer { ref in
            system.pixels.withUnsafeBufferPointer { sys in
                zone.flags.withUnsafeBufferPointer { flags in
                    for index in 0..<ref.count where flags[index] == 0 {
                        if ref[index] < 255 {
                            manipulated[Int(sys[index])] += 1
                        } else {
                            clean[Int(sys[index])] += 1
                        }
                    }
                }
            }
        }
        self.init(manipulatedHistogram: manipulated, cleanHistogram: clean)
    }

    /// Wraps two 256-bin histograms.
    public init(manipulatedHistogram: [Int], cleanHistogram: [Int]) {
        precondition(manipulatedHistogram.count == 256 && cleanHistogram.count == 256, "histograms need 256 bins")
        self.manipulatedHistogram = manipulatedHistogram
        self.cleanHistogram = cleanHistogram
        var manipulated = [0]
        var clean = [0]
        manipulated.reserveCapacity(257)
        clean.reserveCapacity(257)
        for level in 0..<256 {
            manipulated.append(manipulated[level] + manipulatedHistogram[level])
            clean.append(clean[level] + cleanHistogram[level])
        }
        self.cumulativeManipulated = manipulated
        self.cumulativeClean = clean
    }

    /// Scored pixels the reference marks manipulated (`R`).
    public var referenceManipulatedPixels: Int { cumulativeManipulated[256] }
    /// Scored pixels (`N`).
    public var scoredPixels: Int { cumulativeManipulated[256] + cumulativeClean[256] }

    /// The counts at threshold `t`, clamped to −1...255.
    public func counts(atThreshold threshold: Int) -> ConfusionCounts {
        let index = min(max(threshold, -1), 255) + 1
        let truePositives = cumulativeManipulated[index]
        let falsePositives = cumulativeClean[index]
        return ConfusionCounts(
            truePositives: truePositives,
            falsePositives: falsePositives,
            falseNegatives: cumulativeManipulated[256] - truePositives,
            trueNegatives: cumulativeClean[256] - falsePositives
        )
    }

    /// MCC at every threshold −1...255 (257 values), or `nil` when no pixel is scored.
    public var mccByThreshold: [Double]? {
        guard scoredPixels > 0 else { return nil }
        return Self.thresholds.map { counts(atThreshold: $0).mcc ?? 0 }
    }

    /// The lowest threshold with the highest MCC, or `nil` when no pixel is scored.
    ///
    /// MediScore sweeps −1 and the distinct system gray levels and takes the first maximum; thresholds between two
    /// gray levels repeat the lower level's counts, so the lowest maximising threshold over −1...255 is the same.
    public var optimumThreshold: Int? {
        guard let curve = mccByThreshold else { return nil }
        var best = 0
        for index in curve.indices where curve[index] > curve[best] { best = index }
        return best - 1
    }

    /// Grayscale weighted L1: the mean of `|ref − sys| / 255` over scored pixels, with the reference binarised to
    /// 0 (manipulated) or 255; `nil` when no pixel is scored.
    public var gwl1: Double? {
        guard scoredPixels > 0 else { return nil }
        var total = 0
        for level in 0..<256 {
            total += level * manipulatedHistogram[level] + (255 - level) * cleanHistogram[level]
        }
        return Double(total) / 255 / Double(scoredPixels)
    }

    /// The pixel-level ROC over gray levels: `(fpr, tpr)` at every threshold −1...255, which starts at (0, 0) and
    /// ends at (1, 1); `nil` unless the scored pixels hold both manipulated and clean reference pixels.
    public var pixelROC: [(fpr: Double, tpr: Double)]? {
        let positives = referenceManipulatedPixels
        let negatives = scoredPixels - positives
        guard positives > 0, negatives > 0 else { return nil }
        return Self.thresholds.map { threshold in
            let counts = counts(atThreshold: threshold)
            return (Double(counts.falsePositives) / Double(negatives), Double(counts.truePositives) / Double(positives))
        }
    }

    /// Pixel AUC and EER from ``pixelROC`` with the detection routines (trapezoids; EER at the point closest to
    /// `fpr == fnr`), as MediScore computes them per mask.
    public var pixelAUCAndEER: (auc: Double, eer: Double)? {
        guard let roc = pixelROC else { return nil }
        var auc = 0.0
        var eer = 0.0
        var bestGap = Double.infinity
        for index in roc.indices {
            if index > 0 {
                auc += (roc[index].fpr - roc[index - 1].fpr) * ((roc[index].tpr + roc[index - 1].tpr) / 2)
            }
            let gap = abs(roc[index].fpr - (1 - roc[index].tpr))
            if gap < bestGap {
                bestGap = gap
                eer = (roc[index].fpr + 1 - roc[index].tpr) / 2
            }
        }
        return (auc, eer)
    }
}
