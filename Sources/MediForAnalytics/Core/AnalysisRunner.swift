import Foundation
public import MediForImaging

/// One analytic's outcome on one input, with timing and the mask file written.
public struct AnalyticOutcome: Sendable {
    /// The analytic id.
    public var id: String
    /// The result, or why there is none.
    public var result: Result<AnalysisResult, AnalysisError>
    /// Wall time of the analysis (and mask encoding), in seconds.
    public var seconds: Double
    /// The mask PNG written, if any.
    public var maskPath: String?
}

/// Runs analytics safely: checks the result (score finite and in [0, 1], mask the image's size), writes the
/// mask as an 8-bit PNG, and measures time.
public enum AnalysisRunner {
    /// Runs `analytic` on `input`; writes its mask to `maskPath` when it returns one.
    public static func run(_ analytic: any ForensicAnalytic, on input: AnalysisInput, maskPath: String?)
        -> AnalyticOutcome
    {
        let clock = ContinuousClock()
        let start = clock.now
        var written: String?
        let result: Result<AnalysisResult, AnalysisError>
        do {
            var analysis = try analytic.analyze(input)
            guard analysis.score.isFinite else { throw AnalysisError.internalError("score is not a number") }
            analysis.score = min(max(analysis.score, 0), 1)
            if analysis.isOptOut { analysis.mask = nil }
            if let mask = analysis.mask, let maskPath {
                let image = try input.image()
                guard mask.width == image.width, mask.height == image.height else {
                    throw AnalysisError.internalError(
                        "mask is \(mask.width)x\(mask.height), image is \(image.width)x\(image.height)")
                }
                try write(mask, to: maskPath)
                written = maskPath
            }
            result = .success(analysis)
        } catch let error as AnalysisError {
            result = .failure(error)
        } catch {
            result = .failure(.internalError("\(error)"))
        }
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return AnalyticOutcome(id: analytic.descriptor.id, result: result, seconds: seconds, maskPath: written)
    }

    private static func write(_ mask: AnalysisMask, to path: String) throws(AnalysisError) {
        let png: [UInt8]
        do {
            png = try encodePNGMask(width: mask.width, height: mask.height, pixels: mask.pixels)
        } catch {
            throw .internalError("mask encoding failed: \(error)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(png).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .internalError("cannot write the mask \(path): \(error.localizedDescription)")
        }
    }
}
