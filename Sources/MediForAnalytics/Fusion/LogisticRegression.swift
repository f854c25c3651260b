import Foundation

/// L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least squares).
///
/// Minimises `Σᵢ [log(1 + e^zᵢ) − tᵢ·zᵢ] + ½·λ·Σⱼ wⱼ²` with `zᵢ = b + Σⱼ wⱼ·xᵢⱼ`, where the targets `tᵢ` may be soft
/// (any value in [0, 1], as Platt's calibration uses) and the intercept `b` is not penalised. With λ > 0 (or soft
/// targets) the objective is strictly convex and the optimum finite, so Newton's method converges from zero in a
/// few steps; a step that would increase the objective is halved. Deterministic: same input, same bits out.
package struct LogisticRegression: Sendable {
    /// The fitted intercept and weights.
    package struct Fit: Sendable, Hashable {
        /// Intercept.
        package var bias: Double
        /// One weight per feature column.
        package var weights: [Double]
        /// Newton steps taken.
        package var iterations: Int
        /// Whether the step size fell below the tolerance before the iteration limit.
        package var converged: Bool
        /// The objective at the solution.
        package var objective: Double
    }

    /// Features, row-major: `rows × columns` values.
    package let features: [Double]
    /// Number of feature columns (the intercept is extra).
    package let columns: Int
    /// One target in [0, 1] per row.
    package let targets: [Double]
    /// The L2 penalty λ on the weights (not the intercept).
    package let l2: Double

    /// A problem over `features` (row-major, `columns` per row) and `targets`.
    package init(features: [Double], columns: Int, targets: [Double], l2: Double) {
        precondition(columns >= 0 && features.count == targets.count * columns, "feature matrix shape")
        self.features = features
        self.columns = columns
        self.targets = targets
        self.l2 = max(l2, 0)
    }

    /// Number of samples.
    package var rows: Int { targets.count }

    /// The objective at intercept `bias` and `weights`.
    package func objective(bias: Double, weights: [Double]) -> Double {
        var total = 0.0
        for row in 0..<rows {
            let z = linear(row, bias: bias, weights: weights)
            total += Self.softplus(z) - targets[row] * z
        }
        return total + 0.5 * l2 * weights.reduce(0) { $0 + $1 * $1 }
    }

    /// Fits by Newton's method from zero.
    package func fit(maxIterations: Int = 100, tolerance: Double = 1e-10) -> Fit {
        let size = columns + 1  // parameter 0 is the intercept
        var theta = [Double](repeating: 0, count: size)
        var current = objective(bias: 0, weights: Array(theta.dropFirst()))
        var iterations = 0
        var converged = false
        var gradient = [Double](repeating: 0, count: size)
        var hessian = [Double](repeating: 0, count: size * size)
        var x = [Double](repeating: 0, count: size)
        while iterations < maxIterations {
            iterations += 1
            accumulate(theta, gradient: &gradient, hessian: &hessian, row: &x)
            guard let step = NoiseMath.solveSymmetric(hessian, gradient, n: size, ridge: 0) else { break }
            var scale = 1.0
            var accepted = false
            for _ in 0..<40 {
                let candidate = zip(theta, step).map { $0 - scale * $1 }
                let value = objective(bias: candidate[0], weights: Array(candidate.dropFirst()))
                if value <= current + 1e-12 * max(abs(current), 1) {
                    theta = candidate
                    current = value
                    accepted = true
                    break
                }
                scale /= 2
            }
            // A Newton direction that no longer lowers the objective means the optimum is reached to precision.
            let largest = step.reduce(0) { max($0, abs($1)) } * scale
            if !accepted || largest < tolerance {
                converged = true
                break
            }
        }
        return Fit(
            bias: theta[0], weights: Array(theta.dropFirst()), iterations: iterations, converged: converged,
            objective: current)
    }

    /// Gradient and Hessian of the objective at `theta` (intercept first).
    private func accumulate(_ theta: [Double], gradient: inout [Double], hessian: inout [Double], row x: inout [Double]) {
        let size = columns + 1
        for index in gradient.indices { gradient[index] = 0 }
        for index in hessian.indices { hessian[index] = 0 }
        let weights = Array(theta.dropFirst())
        for row in 0..<rows {
            x[0] = 1
            for column in 0..<columns { x[column + 1] = features[row * columns + column] }
            let p = Self.sigmoid(linear(row, bias: theta[0], weights: weights))
            let residual = p - targets[row]
            let curvature = max(p * (1 - p), 1e-12)
            for i in 0..<size {
                gradient[i] += residual * x[i]
                let scaled = curvature * x[i]
                guard scaled != 0 else { continue }
                for j in i..<size { hessian[i * size + j] += scaled * x[j] }
            }
        }
        for i in 1..<max(size, 1) {
            gradient[i] += l2 * theta[i]
            hessian[i * size + i] += l2
        }
        hessian[0] += 1e-9  // keeps the intercept's curvature positive when every row is saturated
        for i in 0..<size { for j in 0..<i { hessian[i * size + j] = hessian[j * size + i] } }
    }

    private func linear(_ row: Int, bias: Double, weights: [Double]) -> Double {
        var z = bias
        let base = row * columns
        for column in 0..<columns { z += weights[column] * features[base + column] }
        return z
    }

    /// `log(1 + e^z)` without overflow.
    package static func softplus(_ z: Double) -> Double { z > 0 ? z + log1p(exp(-z)) : log1p(exp(z)) }

    /// The logistic function.
    package static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }

    /// The log-odds of a probability.
    package static func logit(_ p: Double) -> Double { log(p / (1 - p)) }
}
