import Foundation
import MediForImaging

/// Error level analysis (ELA).
///
/// Method: N. Krawetz, "A Picture's Worth: Digital Image Analysis and Forensics", Black Hat 2007. The image is
/// saved again as JPEG at a fixed quality and compared with itself. Regions that were compressed as often and as
/// strongly as the rest change by similar amounts; a pasted or retouched region with a different compression
/// history changes by a different amount.
///
/// Here: recompress at quality 75 (a common camera and web quality: content that was already saved at about that
/// quality sits close to its quantization lattice and changes little, content added later changes more), take the mean absolute luminance difference per aligned 8×8 block, turn it into
/// robust z-scores against the image's own median, and score how far the most deviant blocks stand out (the 99.5th
/// percentile z, mapped through a logistic). The mask marks blocks above z = 3, fully black at z = 8.
struct ErrorLevelAnalysis: ForensicAnalytic {
    let descriptor = AnalyticDescriptor(
        id: "ela", name: "Error level analysis",
        summary: "Regions whose JPEG recompression error differs from the rest of the image.",
        citation: "Krawetz, A Picture's Worth: Digital Image Analysis and Forensics, Black Hat 2007")

    /// Quality of the re-save.
    static let quality = 75

    func analyze(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        let image = try input.image()
        guard image.width >= 16, image.height >= 16 else {
            return .optOut("image is smaller than 16×16 pixels; error levels need several blocks")
        }
        let recompressed: PixelImage
        do {
            recompressed = try decodeImage(data: try encodeJPEG(image, quality: Self.quality))
        } catch {
            throw .internalError("recompression failed: \(error)")
        }
        let original = try input.luminance()
        let again = GrayImage(luminanceOf: recompressed)
        var difference = original
        difference.withUnsafeMutableSamples { samples in
            again.pixels.withUnsafeBufferPointer { other in
                for index in samples.indices { samples[index] = abs(samples[index] - other[index]) }
            }
        }
        let blocks = ForensicMath.blockMeans(difference, size: 8)
        let z = ForensicMath.robustZ(blocks.values, floor: 0.25)
        let tail = Double(ForensicMath.percentile(z, 0.995))
        let score = ForensicMath.logistic(tail, midpoint: 6, width: 1.2)
        let suspicion = ForensicMath.expandBlocks(
            z, columns: blocks.columns, rows: blocks.rows, size: 8, width: image.width, height: image.height)
        let mask = try AnalysisMask(
            suspicion: ForensicMath.boxBlur(suspicion, radius: 2), low: 2.5, high: Float(max(tail, 5)))
        let level = ForensicMath.median(blocks.values)
        return AnalysisResult(
            score: score, mask: mask,
            explanation: String(
                format: "median error level %.2f; the most deviant blocks stand %.1f robust deviations above it",
                Double(level), tail))
    }
}
