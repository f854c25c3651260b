import Foundation
import MediForAnalytics
import Testing

@Suite("Fusion: calibration and logistic regression")
struct FusionMathTests {
    @Test("Platt calibration of a separable toy set is monotone, finite, positive for targets and negative for the rest")
    func separableCalibration() throws {
        let targets = [0.70, 0.80, 0.90, 0.95, 0.99]
        let others = [0.02, 0.10, 0.20, 0.30, 0.45]
        let calibration = try #require(
            ScoreCalibration.fit(scores: targets + others, isTarget: targets.map { _ in true } + others.map { _ in false }))
        #expect(calibration.slope > 0)
        for score in targets { #expect(calibration.llr(score) > 0, "target score \(score)") }
        for score in others { #expect(calibration.llr(score) < 0, "non-target score \(score)") }
        var previous = -Double.infinity
        for step in 0...100 {
            let value = calibration.llr(Double(step) / 100)
            #expect(value.isFinite)
            #expect(value >= previous)
            previous = value
        }
        // Platt's smoothed targets bound the evidence a perfectly separating analytic may claim on 10 probes.
        #expect(calibration.llr(1) < 12 && calibration.llr(0) > -12)
    }

    @Test("a score that ranks backwards is not inverted: the calibration becomes flat")
    func backwardsCalibrationIsFlat() throws {
        let calibration = try #require(
            ScoreCalibration.fit(scores: [0.1, 0.2, 0.8, 0.9], isTarget: [true, true, false, false]))
        #expect(calibration.slope == 0)
        #expect(calibration.llr(0.1) == calibration.llr(0.9))
        #expect(abs(calibration.llr(0.5)) < 1e-9, "balanced classes: a flat map carries no evidence")
    }

    @Test("calibration needs both classes")
    func calibrationNeedsBothClasses() {
        #expect(ScoreCalibration.fit(scores: [0.2, 0.9], isTarget: [true, true]) == nil)
        #expect(ScoreCalibration.fit(scores: [], isTarget: []) == nil)
        #expect(ScoreCalibration.fit(scores: [0.2], isTarget: [true, false]) == nil)
    }

    @Test("overlapping scores: Platt's map follows the empirical log-odds and removes the prior")
    func calibrationRemovesPrior() throws {
        // 3 targets per non-target at every score: the posterior is 0.75 whatever the score, so the LLR is
        // posterior log-odds (≈ log 3, shrunk slightly by Platt's smoothing) minus the prior log 3: about 0.
        var scores: [Double] = []
        var labels: [Bool] = []
        for score in stride(from: 0.05, through: 0.95, by: 0.1) {
            scores += [score, score, score, score]
            labels += [true, true, true, false]
        }
        let calibration = try #require(ScoreCalibration.fit(scores: scores, isTarget: labels))
        #expect(abs(calibration.slope) < 1e-3)
        #expect(abs(calibration.llr(0.5)) < 0.05)
    }

    @Test("isotonic calibration: uninformative low scores stay near zero evidence, high ones rise; flat outside")
    func isotonicCalibration() throws {
        // A metadata-like analytic: every untouched file and most forgeries score 0.1 or 0.35 alike, and only one
        // kind of forgery scores high. 300 probes, so `fitted` takes the isotonic path.
        var scores: [Double] = []
        var labels: [Bool] = []
        for _ in 0..<60 { scores += [0.1, 0.1]; labels += [true, false] }
        for _ in 0..<60 { scores += [0.35, 0.35]; labels += [true, false] }
        for index in 0..<30 { scores.append(0.6 + Double(index) / 100); labels.append(true) }
        #expect(scores.count >= ScoreCalibration.isotonicMinimum)
        let calibration = try #require(ScoreCalibration.fitted(scores: scores, isTarget: labels))
        let knots = try #require(calibration.knots)
        #expect(knots.count >= 2)
        // Below the high scores the classes are even: one step, whose evidence is only the removal of the prior
        // (log 121/151 with the pseudo-probes), not a strong "authentic".
        for score in [0.0, 0.1, 0.2, 0.35] {
            #expect(abs(calibration.llr(score) - log(121.0 / 151)) < 1e-9, "score \(score)")
        }
        #expect(calibration.llr(0.75) > 2)
        #expect(calibration.llr(1) == calibration.llr(0.95), "flat beyond the last step")
        #expect(calibration.llr(1) <= ScoreCalibration.maxLLR)
        var previous = -Double.infinity
        for step in 0...100 {
            let value = calibration.llr(Double(step) / 100)
            #expect(value.isFinite && value >= previous)
            previous = value
        }
        // Platt's single slope on the same probes calls the low scores evidence of authenticity.
        let platt = try #require(ScoreCalibration.fit(scores: scores, isTarget: labels))
        #expect(platt.llr(0.1) < calibration.llr(0.1) - 0.2)
    }

    @Test("isotonic steps: a backwards analytic pools into one flat step; few probes keep Platt's two parameters")
    func isotonicPoolingAndThreshold() throws {
        var scores: [Double] = []
        var labels: [Bool] = []
        for index in 0..<250 {
            scores.append(Double(index) / 250)
            labels.append(index < 125)  // targets score low: backwards
        }
        let flat = try #require(ScoreCalibration.isotonic(scores: scores, isTarget: labels))
        #expect(flat.knots?.count == 2, "one step: its lowest and highest score")
        #expect(flat.knots?.first?.llr == flat.knots?.last?.llr)
        #expect(abs(flat.llr(0.3)) < 0.05 && flat.llr(0.3) == flat.llr(0.9))
        let few = try #require(ScoreCalibration.fitted(scores: [0.1, 0.2, 0.8, 0.9], isTarget: [false, false, true, true]))
        #expect(few.knots == nil && few.slope > 0)
        #expect(ScoreCalibration.isotonic(scores: [0.2, 0.9], isTarget: [true, true]) == nil)
    }
}

@Suite("Fusion: Newton/IRLS solver")
struct LogisticRegressionTests {
    @Test("with no features, the intercept is the logit of the target rate")
    func interceptOnly() {
        let fit = LogisticRegression(features: [], columns: 0, targets: [1, 1, 1, 0], l2: 0).fit()
        #expect(fit.converged)
        #expect(abs(fit.bias - log(3)) < 1e-9)
    }

    @Test("one binary feature without penalty gives the saturated model's closed form")
    func binaryFeatureClosedForm() {
        // x = 0: 1 of 4 targets; x = 1: 3 of 4. Optimum: b = logit(1/4) = −log 3, w = logit(3/4) − b = 2 log 3.
        let problem = LogisticRegression(
            features: [0, 0, 0, 0, 1, 1, 1, 1], columns: 1, targets: [1, 0, 0, 0, 1, 1, 1, 0], l2: 0)
        let fit = problem.fit()
        #expect(fit.converged)
        #expect(abs(fit.bias + log(3)) < 1e-8)
        #expect(abs(fit.weights[0] - 2 * log(3)) < 1e-8)
    }

    @Test("with an L2 penalty the solution is the minimum: zero gradient, and every nudge costs")
    func penalisedMinimum() {
        let problem = LogisticRegression(
            features: [0.5, -1, 2, 0.3, -0.7, 1.1, 1.5, 0.2, -2, -0.4, 0.1, 0.9, 1, -1.2], columns: 2,
            targets: [1, 1, 0, 1, 0, 0, 1], l2: 0.5)
        let fit = problem.fit()
        #expect(fit.converged)
        let best = problem.objective(bias: fit.bias, weights: fit.weights)
        #expect(abs(best - fit.objective) < 1e-12)
        func nudged(_ coordinate: Int, by delta: Double) -> Double {
            var bias = fit.bias
            var weights = fit.weights
            if coordinate == 0 { bias += delta } else { weights[coordinate - 1] += delta }
            return problem.objective(bias: bias, weights: weights)
        }
        for coordinate in 0..<3 {
            #expect(nudged(coordinate, by: 1e-3) > best, "coordinate \(coordinate) up")
            #expect(nudged(coordinate, by: -1e-3) > best, "coordinate \(coordinate) down")
            let gradient = (nudged(coordinate, by: 1e-6) - nudged(coordinate, by: -1e-6)) / 2e-6
            #expect(abs(gradient) < 1e-5, "coordinate \(coordinate) gradient \(gradient)")
        }
    }

    @Test("perfectly separable data stays finite under a penalty")
    func separableStaysFinite() {
        let fit = LogisticRegression(features: [-2, -1, 1, 2], columns: 1, targets: [0, 0, 1, 1], l2: 1).fit()
        #expect(fit.converged)
        #expect(fit.weights[0] > 0 && fit.weights[0].isFinite && fit.bias.isFinite)
        #expect(abs(fit.bias) < 1e-9, "symmetric data: no intercept")
    }
}
