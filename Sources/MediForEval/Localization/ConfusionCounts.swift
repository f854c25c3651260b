/// Pixel confusion counts over the scored pixels of one mask pair at one threshold.
public struct ConfusionCounts: Hashable, Sendable, Codable {
    /// Reference manipulated, system manipulated.
    public var truePositives: Int
    /// Reference clean, system manipulated.
    public var falsePositives: Int
    /// Reference manipulated, system clean.
    public var falseNegatives: Int
    /// Both clean.
    public var trueNegatives: Int

    /// Creates counts.
    public init(truePositives: Int, falsePositives: Int, falseNegatives: Int, trueNegatives: Int) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
        self.trueNegatives = trueNegatives
    }

    /// `N`, the scored pixels.
    public var scoredPixels: Int { truePositives + falsePositives + falseNegatives + trueNegatives }

    /// Matthews correlation coefficient, `(TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN))`.
    ///
    /// MediScore's conventions: 0 when `TP+FN` or `TP+FP` is 0 or `N` (a denominator factor vanishes); `nil`
    /// (MediScore's NaN) when no pixel is scored.
    public var mcc: Double? {
        let n = scoredPixels
        guard n > 0 else { return nil }
        let reference = truePositives + falseNegatives
        let system = truePositives + falsePositives
        if reference == 0 || reference == n || system == 0 || system == n { return 0 }
        // The numerator is exact in Int for masks below ~3 gigapixels. One square root of the whole product, as
        // MediScore takes it, keeps exact cases exact (a perfectly wrong mask is −1, not −1.0000000000000002).
        let numerator = Double(truePositives * trueNegatives - falsePositives * falseNegatives)
        let product =
            Double(system) * Double(reference) * Double(trueNegatives + falsePositives)
            * Double(trueNegatives + falseNegatives)
        return numerator / product.squareRoot()
    }

    /// F1, `2TP / (2TP + FP + FN)`; 0 when the denominator is 0.
    public var f1: Double {
        let denominator = 2 * truePositives + falsePositives + falseNegatives
        return denominator == 0 ? 0 : Double(2 * truePositives) / Double(denominator)
    }

    /// Nimble Mask Metric, `max(−1, (TP − FN − FP) / (TP + FN))`; `nil` when no scored pixel is manipulated in the
    /// reference.
    public var nmm: Double? {
        let reference = truePositives + falseNegatives
        guard reference > 0 else { return nil }
        return max(-1, Double(truePositives - falseNegatives - falsePositives) / Double(reference))
    }

    /// Binary weighted L1, `(FP + FN) / N`; `nil` when no pixel is scored.
    public var bwl1: Double? {
        let n = scoredPixels
        return n == 0 ? nil : Double(falsePositives + falseNegatives) / Double(n)
    }
}
