import Foundation
import MediForEval
import MediForImaging

/// Reading and writing localization masks for evaluation: any PNG or JPEG in, 8-bit grey out.
enum MaskFiles {
    /// The scorer's mask loader: decodes a PNG or JPEG with MediForImaging and converts colour to grey (BT.601).
    static let loader: DatasetScorer.MaskLoader = { url in
        let plane = try grayPlane(at: url.path)
        return try MaskPlane(width: plane.width, height: plane.height, pixels: plane.pixels)
    }

    /// The grey image of a PNG or JPEG file.
    /// - Throws: `CLIError` naming the file when it cannot be read or decoded.
    static func grayPlane(at path: String) throws -> PixelImage {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read \(path)")
        }
        do {
            return try decodeImage(data: [UInt8](data)).grayscale()
        } catch {
            throw CLIError("\(path): \(error.description)")
        }
    }

    /// Writes the mask at `source` (PNG or JPEG, grey or colour; a `file://` URI is accepted) to `destination` as
    /// an 8-bit grey PNG, creating folders as needed.
    /// - Throws: `CLIError` when the source cannot be decoded or the destination written.
    static func copyAsGrayPNG(from source: String, to destination: String) throws {
        let path = source.hasPrefix("file://") ? String(source.dropFirst(7)) : source
        let plane = try grayPlane(at: path)
        let png: [UInt8]
        do {
            png = try encodePNGMask(width: plane.width, height: plane.height, pixels: plane.pixels)
        } catch {
            throw CLIError("cannot encode the mask of \(path): \(error.description)")
        }
        let url = URL(fileURLWithPath: destination)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(png).write(to: url, options: .atomic)
    }

    /// A file name stem for a probe or system id: letters, digits, `.`, `_` and `-` kept, anything else (a `/`, a
    /// space) replaced by `_`, so that an id can never leave its folder.
    static func safeName(_ id: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        var name = String(id.map { allowed.contains($0) ? $0 : "_" })
        if name.isEmpty || name.allSatisfy({ $0 == "." }) { name = "_" + name }
        return name
    }
}
