import Foundation
public import MediForProto
import MediForImaging
import SwiftProtobuf

/// How a fuser combines the analytics' masks into one.
public enum MaskWeighting: Sendable, Hashable {
    /// The mean suspicion of every analytic that gave a mask (`mean`).
    case equal
    /// Suspicion weighted per analytic id; only the ids listed take part, and those with weight ≤ 0 are left out.
    /// When no listed analytic has a positive weight, the listed ones are weighted equally (`logreg`).
    case weighted([String: Double])
    /// The highest suspicion of any analytic at each pixel (`max`).
    case maximum
}

/// Fused localization, shared by every image fuser: when the request sets `want_masks` and gives an `out_dir`,
/// reads the analytics' masks (`localization.mask.uri`, 8-bit PNG, 0 = manipulated), combines their suspicion
/// `1 − v/255` per pixel as the fuser's ``MaskWeighting`` says, writes `<out_dir>/<fuser id>-mask.png` in the same
/// convention and points `localization.mask` at it.
///
/// The fused mask has the probe's size (read from the probe's header when the fuser can read the probe, otherwise
/// the most common mask size); masks that cannot be read or have another size are skipped and named in the
/// explanation. Without any usable mask the result opts out of localization (`OPT_OUT_LOCALIZATION`, or stays
/// `OPT_OUT_ALL` when it has no score either); a result without a score that gets a mask becomes
/// `OPT_OUT_DETECTION`.
public enum FusedLocalization {
    /// Mask files larger than this are refused unread.
    static let maxMaskFileBytes = 256 << 20

    /// Adds the fused mask for `request` to `result` (see the type's description); does nothing unless
    /// `request.wantMasks` is set.
    public static func attach(
        to result: inout Mediforproto_ImageManipulation, fuserID: String,
        request: Mediforproto_FuseImageManipulationRequest, weighting: MaskWeighting
    ) {
        guard request.wantMasks else { return }
        guard !request.outDir.isEmpty else {
            return optOut(&result, because: "no out_dir for the fused mask")
        }
        var skipped: [String] = []
        let sources = candidates(request, weighting: weighting)
        var loaded: [(id: String, weight: Double, mask: PixelImage)] = []
        for source in sources {
            do throws(MaskReadError) {
                loaded.append((source.id, source.weight, try readMask(uri: source.uri)))
            } catch {
                skipped.append("\(source.id) (\(error.reason))")
            }
        }
        guard let size = targetSize(probeURI: request.imgManipReq.image.uri, masks: loaded.map(\.mask)) else {
            return optOut(&result, because: "no analytic mask" + listing(skipped))
        }
        let usable = loaded.filter { entry in
            guard entry.mask.width == size.width, entry.mask.height == size.height else {
                skipped.append(
                    "\(entry.id) (mask is \(entry.mask.width)x\(entry.mask.height), probe \(size.width)x\(size.height))")
                return false
            }
            return true
        }
        guard !usable.isEmpty else { return optOut(&result, because: "no usable analytic mask" + listing(skipped)) }
        let pixels = combine(usable.map { ($0.weight, $0.mask.pixels) }, count: size.width * size.height,
                             maximum: weighting == .maximum)
        let path = URL(fileURLWithPath: request.outDir).appendingPathComponent("\(fuserID)-mask.png").path
        do {
            let png = try encodePNGMask(width: size.width, height: size.height, pixels: pixels)
            try FileManager.default.createDirectory(atPath: request.outDir, withIntermediateDirectories: true)
            try Data(png).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            return optOut(&result, because: "cannot write \(path): \(error.localizedDescription)")
        }
        result.localization.mask = Mediforproto_Resource.with {
            $0.uri = path
            $0.type = "image/png"
        }
        if result.optOut == .optOutAll { result.optOut = .optOutDetection }
        let total = usable.reduce(0) { $0 + $1.weight }
        let parts = usable.map { weighting == .maximum ? $0.id : String(format: "%@ %.2f", $0.id, $0.weight / total) }
        let rule = weighting == .maximum ? "max of " : ""
        result.explanation += "; mask: \(rule)" + parts.joined(separator: ", ") + listing(skipped)
    }

    /// The masks that take part, in request order (first entry per id), with their weights.
    static func candidates(_ request: Mediforproto_FuseImageManipulationRequest, weighting: MaskWeighting)
        -> [(id: String, uri: String, weight: Double)]
    {
        var seen = Set<String>()
        var found: [(id: String, uri: String, weight: Double)] = []
        for entry in request.imgManip where seen.insert(entry.id).inserted {
            let data = entry.data
            guard data.optOut != .optOutAll, data.optOut != .optOutLocalization, data.hasLocalization,
                !data.localization.mask.uri.isEmpty
            else { continue }
            switch weighting {
            case .equal, .maximum: found.append((entry.id, data.localization.mask.uri, 1))
            case .weighted(let weights):
                guard let weight = weights[entry.id], weight.isFinite else { continue }
                found.append((entry.id, data.localization.mask.uri, weight))
            }
        }
        guard case .weighted = weighting else { return found }
        let positive = found.filter { $0.weight > 0 }
        return positive.isEmpty ? found.map { ($0.id, $0.uri, 1) } : positive
    }

    /// Per-pixel combination of 8-bit masks (0 = manipulated): weighted mean suspicion, or the highest.
    static func combine(_ masks: [(weight: Double, pixels: [UInt8])], count: Int, maximum: Bool) -> [UInt8] {
        if maximum {
            var darkest = [UInt8](repeating: 255, count: count)
            for mask in masks {
                mask.pixels.withUnsafeBufferPointer { source in
                    for index in 0..<count where source[index] < darkest[index] { darkest[index] = source[index] }
                }
            }
            return darkest
        }
        let total = masks.reduce(0) { $0 + $1.weight }
        var suspicion = [Float](repeating: 0, count: count)
        for mask in masks {
            let share = Float(mask.weight / total)
            mask.pixels.withUnsafeBufferPointer { source in
                for index in 0..<count { suspicion[index] += share * Float(255 - source[index]) }
            }
        }
        return suspicion.map { UInt8(max(0, min(255, 255 - $0.rounded()))) }
    }

    /// The fused mask's size: the probe's, else the most common mask size (the first such in order on a tie).
    static func targetSize(probeURI: String, masks: [PixelImage]) -> (width: Int, height: Int)? {
        if let info = probeInfo(uri: probeURI) { return (info.width, info.height) }
        var counts: [String: Int] = [:]
        var best: (width: Int, height: Int, count: Int)?
        for mask in masks {
            let key = "\(mask.width)x\(mask.height)"
            counts[key, default: 0] += 1
            if let current = best, current.count >= counts[key, default: 0] { continue }
            best = (mask.width, mask.height, counts[key, default: 0])
        }
        return best.map { ($0.width, $0.height) }
    }

    /// The probe's header, read from the first MiB of the file, or `nil` when it cannot be read.
    static func probeInfo(uri: String) -> ImageInfo? {
        let path = filePath(uri)
        guard !path.isEmpty, let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let prefix = try? handle.read(upToCount: 1 << 20) else { return nil }
        return try? readImageInfo(data: [UInt8](prefix))
    }

    /// Reads and decodes one mask as 8-bit grey.
    static func readMask(uri: String) throws(MaskReadError) -> PixelImage {
        let path = filePath(uri)
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes else { throw MaskReadError(reason: "no file \(path)") }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maxMaskFileBytes else { throw MaskReadError(reason: "\(path) is \(size) bytes") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MaskReadError(reason: "cannot read \(path)")
        }
        do {
            let image = try decodeImage(data: [UInt8](data))
            return image.isGray ? image : image.grayscale()
        } catch {
            throw MaskReadError(reason: "unreadable mask: \(error)")
        }
    }

    /// A local path from a `file://` URI or a plain path.
    static func filePath(_ uri: String) -> String { uri.hasPrefix("file://") ? String(uri.dropFirst(7)) : uri }

    private static func optOut(_ result: inout Mediforproto_ImageManipulation, because reason: String) {
        if result.optOut == .optOutNone { result.optOut = .optOutLocalization }
        result.explanation += "; no fused mask: " + reason
    }

    private static func listing(_ skipped: [String]) -> String {
        skipped.isEmpty ? "" : "; skipped masks: " + skipped.joined(separator: ", ")
    }
}

/// Why one analytic's mask was not used.
struct MaskReadError: Error {
    var reason: String
}
