import Foundation
import MediForImaging
import MediForWorkflow

/// Small JPEG previews of stored probes, made on first request and kept as `input/thumbnails/<name>.jpg` (the
/// original UI's layout).
///
/// JPEG and PNG probes are decoded (within ``limits``), reduced by area averaging to fit a
/// ``maxSide``-pixel square, and written atomically; at most two are made at a time so that a gallery full of new
/// uploads cannot take every core.
struct Thumbnails: Sendable {
    let files: StorageFiles
    let limiter = ConcurrencyLimiter(permits: 2)
    /// The longer side of a thumbnail, in pixels.
    static let maxSide = 320
    /// Probes larger than this are not decoded for a thumbnail.
    static let limits = ImageLimits(maxWidth: 20_000, maxHeight: 20_000, maxPixels: 80_000_000)

    /// What to send for a thumbnail request.
    enum Preview: Sendable {
        /// A JPEG thumbnail (or the original, for formats the browser shows but the UI cannot decode).
        case file(String)
        /// No picture can be made: show the placeholder for this media kind.
        case placeholder(kind: String)
    }

    /// The preview of `input/<name>`.
    ///
    /// - Throws: `HTTPError` (400/404) when the name does not name a stored probe.
    func preview(ofInput name: String) async throws -> Preview {
        let source = try files.resolve(urlPath: ("input/" + FormFields.escape(name))[...])
        let ext = URL(fileURLWithPath: source).pathExtension.lowercased()
        switch ext {
        case "jpg", "jpeg", "jpe", "png":
            break
        case "gif", "webp", "bmp":
            let size = (try? FileManager.default.attributesOfItem(atPath: source)[.size] as? NSNumber)?.intValue ?? 0
            return size <= 8 << 20 ? .file(source) : .placeholder(kind: "image")
        default:
            return .placeholder(kind: MediaKindGuess.kind(ofExtension: ext))
        }
        let folder = files.storage.inputDirectory + "/thumbnails"
        let stem = URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
        let target = folder + "/" + stem + ".jpg"
        if FileManager.default.fileExists(atPath: target) { return .file(target) }
        return await limiter.run {
            if FileManager.default.fileExists(atPath: target) { return .file(target) }
            guard let data = FileManager.default.contents(atPath: source),
                // Like a browser, a preview shows what a damaged file still holds (a truncated JPEG's top rows).
                let image = try? decodeImageRepairingDamage(data: [UInt8](data), limits: Self.limits).image,
                let jpeg = try? encodeJPEG(Self.reduce(image, toFit: Self.maxSide), quality: 82)
            else { return .placeholder(kind: "image") }
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                let temporary = target + ".partial-" + UUID().uuidString
                try Data(jpeg).write(to: URL(fileURLWithPath: temporary))
                try? FileManager.default.removeItem(atPath: target)
                try FileManager.default.moveItem(atPath: temporary, toPath: target)
                return .file(target)
            } catch {
                return .placeholder(kind: "image")
            }
        }
    }

    /// `image` reduced by area averaging so that neither side exceeds `side` (unchanged if it already fits).
    static func reduce(_ image: PixelImage, toFit side: Int) -> PixelImage {
        let scale = Double(max(image.width, image.height)) / Double(side)
        guard scale > 1 else { return image }
        let width = max(1, Int((Double(image.width) / scale).rounded()))
        let height = max(1, Int((Double(image.height) / scale).rounded()))
        let channels = image.channels
        var output = [UInt8](repeating: 0, count: width * height * channels)
        var sums = [Double](repeating: 0, count: width * channels)
        var counts = [Int](repeating: 0, count: width)
        // Source column → target column, computed once.
        let columnTarget = (0..<image.width).map { min(width - 1, $0 * width / image.width) }
        image.pixels.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                var sourceRow = 0
                for y in 0..<height {
                    let rowEnd = max(sourceRow + 1, min(image.height, (y + 1) * image.height / height))
                    for index in sums.indices { sums[index] = 0 }
                    for index in counts.indices { counts[index] = 0 }
                    while sourceRow < rowEnd {
                        let base = sourceRow * image.width * channels
                        for x in 0..<image.width {
                            let tx = columnTarget[x]
                            counts[tx] += 1
                            for c in 0..<channels { sums[tx * channels + c] += Double(source[base + x * channels + c]) }
                        }
                        sourceRow += 1
                    }
                    for x in 0..<width where counts[x] > 0 {
                        for c in 0..<channels {
                            let value = sums[x * channels + c] / Double(counts[x])
                            target[(y * width + x) * channels + c] = UInt8(min(255, max(0, value.rounded())))
                        }
                    }
                }
            }
        }
        return (try? PixelImage(width: width, height: height, channels: channels, pixels: output)) ?? image
    }
}

/// The media kind a file extension suggests, for placeholders.
enum MediaKindGuess {
    static func kind(ofExtension ext: String) -> String {
        ["mp4", "m4v", "mov", "avi", "mkv", "webm", "mpg", "mpeg", "mts", "ts", "3gp", "wmv", "flv"]
            .contains(ext.lowercased()) ? "video" : "image"
    }
}

/// Runs at most `permits` bodies at a time; the others wait their turn in order.
actor ConcurrencyLimiter {
    private var available: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(permits: Int) { available = permits }

    func run<T: Sendable>(_ body: @Sendable () async -> T) async -> T {
        if available > 0 {
            available -= 1
        } else {
            await withCheckedContinuation { waiting.append($0) }
        }
        let result = await body()
        if waiting.isEmpty { available += 1 } else { waiting.removeFirst().resume() }
        return result
    }
}
