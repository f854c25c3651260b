import Foundation
import MediForImaging

/// One tile of a host photo, normalised into a pseudo-camera original: RGB, never compressed, both sides a
/// multiple of 16.
package struct HostTile: Sendable {
    /// The host photo's name (its file name without the extension): the `HostID` column.
    package var hostID: String
    /// Which tile of the host this is, from 0.
    package var tileIndex: Int
    /// The pixels.
    package var image: Raster
}

/// The host photos of a benchmark, read from a folder and normalised.
///
/// Every regular, non-hidden file in the folder is tried, in name order; files that do not decode as JPEG or PNG,
/// or are too small once normalised, are skipped with a warning. See ``HostNormalizer`` for the normalisation.
package struct HostLibrary: Sendable {
    /// The usable tiles, host by host in name order.
    package var tiles: [HostTile]
    /// One line per skipped file.
    package var warnings: [String]

    /// The distinct host IDs, in name order.
    package var hostIDs: [String] {
        var seen = Set<String>()
        return tiles.compactMap { seen.insert($0.hostID).inserted ? $0.hostID : nil }
    }

    /// Reads and normalises every usable photo in `folder`.
    /// - Throws: ``BenchmarkError/Code/hostsNotFound`` when `folder` is not a readable folder,
    ///   ``BenchmarkError/Code/noUsableHosts`` when fewer than two photos are usable (splices need a donor from
    ///   another photo).
    package static func load(folder: URL, configuration: BenchmarkConfiguration) throws(BenchmarkError)
        -> HostLibrary
    {
        let path = folder.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            throw BenchmarkError(code: .hostsNotFound, message: "hosts folder \(path) does not exist")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw BenchmarkError(code: .hostsNotFound, message: "cannot list the hosts folder \(path)")
        }
        let normalizer = HostNormalizer(
            maxTilePixels: configuration.maxTilePixels, maxTilesPerHost: configuration.maxTilesPerHost)
        var library = HostLibrary(tiles: [], warnings: [])
        var usedIDs = Set<String>()
        for name in names {
            let filePath = folder.appendingPathComponent(name).path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: filePath, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            guard let data = FileManager.default.contents(atPath: filePath) else {
                library.warnings.append("skipped \(name): cannot read the file")
                continue
            }
            let image: PixelImage
            do {
                image = try decodeImage(data: [UInt8](data))
            } catch {
                library.warnings.append("skipped \(name): \(error)")
                continue
            }
            let tiles = normalizer.tiles(of: image)
            guard !tiles.isEmpty else {
                library.warnings.append(
                    "skipped \(name): \(image.width)×\(image.height) is too small "
                        + "(at least \(HostNormalizer.minimumSide)×\(HostNormalizer.minimumSide) pixels)")
                continue
            }
            var hostID = (name as NSString).deletingPathExtension
            if hostID.isEmpty || usedIDs.contains(hostID) { hostID = name }
            usedIDs.insert(hostID)
            for (index, tile) in tiles.enumerated() {
                library.tiles.append(HostTile(hostID: hostID, tileIndex: index, image: tile))
            }
        }
        let usable = usedIDs.count
        guard usable >= 2 else {
            let found = usable == 0 ? "no usable host photo" : "only one usable host photo"
            let skipped = library.warnings.isEmpty ? "" : " (\(library.warnings.count) files skipped: "
                + library.warnings.prefix(3).joined(separator: "; ") + ")"
            throw BenchmarkError(
                code: .noUsableHosts,
                message: "\(found) in \(path)\(skipped); at least two JPEG or PNG photographs are needed "
                    + "(splices take their donor from another photo)")
        }
        return library
    }
}
