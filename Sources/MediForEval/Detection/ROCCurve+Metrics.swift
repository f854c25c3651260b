extension ROCCurve {
    /// Trapezoidal area under the whole curve (MediScore `AUC`).
    public var areaUnderCurve: Double { area(upToFPR: 1) }

    /// Trapezoidal area of the segments whose right end has `fpr <= stop` (MediScore `AUC@FAR`).
    ///
    /// There is no interpolation to exactly `stop` and no normalisation, so the maximum is `stop`.
    /// - Parameter stop: The false positive rate limit, `FAR_STOP` (default 0.1 in MediScore).
    public func area(upToFPR stop: Double) -> Double {
        var sum = 0.0
        for index in 1..<points.count where points[index].fpr <= stop {
            let width = points[index].fpr - points[index - 1].fpr
            let height = (points[index].tpr + points[index - 1].tpr) / 2
            sum += width * height
        }
        return sum
    }

    /// Equal error rate (MediScore `EER`): at the first point minimising `|fpr - fnr|`, the mean of the two.
    ///
    /// When no point has `fpr == fnr` exactly, this is the mean at the closest point; MediScore does not
    /// interpolate along the segment.
    public var equalErrorRate: Double {
        var best = points[0]
        var bestGap = Double.infinity
        for point in points {
            let gap = abs(point.fpr - point.fnr)
            if gap < bestGap {
                bestGap = gap
                best = point
            }
        }
        return (best.fpr + best.fnr) / 2
    }

    /// True positive rate at a false positive rate (MediScore `CDR@FAR` at `FAR_STOP`).
    ///
    /// A point with exactly that rate gives its TPR (the first such point). Otherwise the TPR is interpolated
    /// linearly between the last point below the rate and the next point, or (1, 1) when there is none; with no
    /// point below the rate, between (0, 0) and the first point. Equal x at both ends gives the mean of the two y.
    public func truePositiveRate(atFPR rate: Double) -> Double {
        // The points are already sorted by fpr (the curve is monotonic), as MediScore's stable sort would leave them.
        if let exact = points.first(where: { $0.fpr == rate }) { return exact.tpr }
        let below = points.lastIndex { $0.fpr < rate }
        let (x1, y1, x2, y2): (Double, Double, Double, Double)
        if let below {
            let next = below + 1 < points.count ? (points[below + 1].fpr, points[below + 1].tpr) : (1, 1)
            (x1, y1, x2, y2) = (points[below].fpr, points[below].tpr, next.0, next.1)
        } else {
            (x1, y1, x2, y2) = (0, 0, points[0].fpr, points[0].tpr)
        }
        if x2 != x1 { return y1 + (y2 - y1) / (x2 - x1) * (rate - x1) }
        return (y1 + y2) / 2
    }

    /// The largest d′ over the points, `Φ⁻¹(tpr) − Φ⁻¹(fpr)`, with both rates clipped to [0.00001, 0.99999].
    public var dPrime: Double {
        var best = -Double.infinity
        for point in points {
            let value = inverseNormalCDF(clip(point.tpr)) - inverseNormalCDF(clip(point.fpr))
            best = max(best, value)
        }
        return best
    }

    private func clip(_ rate: Double) -> Double { min(max(rate, 0.00001), 0.99999) }
}
