import MediForImaging

/// The final save of a probe: JPEG at Q2 (standard IJG tables, 4:2:0) with the probe's EXIF, or PNG without
/// metadata.
package enum ProbeEncoder {
    /// The thumbnail's bounding box, as in most cameras' EXIF.
    static let thumbnailBox = (width: 160, height: 120)
    /// The thumbnail's JPEG quality.
    static let thumbnailQuality = 80

    /// The probe file's bytes.
    /// - Throws: ``ImagingError`` if encoding fails.
    package static func encode(_ raster: Raster, as format: FinalFormat, metadata: CameraMetadata)
        throws(ImagingError) -> [UInt8]
    {
        switch format {
        case .png:
            return try encodePNG(raster.pixelImage())
        case .jpeg(let quality):
            let jpeg = try encodeJPEG(raster.pixelImage(), quality: quality, chroma: .subsampled420)
            let source = metadata.thumbnailSource ?? raster
            let thumbnail = try encodeJPEG(
                source.shrunk(toFit: thumbnailBox.width, thumbnailBox.height).pixelImage(), quality: thumbnailQuality)
            let tiff = ExifWriter.tiff(metadata, width: raster.width, height: raster.height, thumbnail: thumbnail)
            return ExifWriter.inserting(tiff: tiff, into: jpeg)
        }
    }
}

extension Raster {
    /// The raster reduced to fit `boxWidth`×`boxHeight`, aspect kept, each output pixel the mean of the source
    /// pixels it covers (no reduction when it already fits).
    package func shrunk(toFit boxWidth: Int, _ boxHeight: Int) -> Raster {
        let scale = min(Double(boxWidth) / Double(width), Double(boxHeight) / Double(height))
        guard scale < 1 else { return self }
        let outWidth = max(Int((Double(width) * scale).rounded()), 1)
        let outHeight = max(Int((Double(height) * scale).rounded()), 1)
        var sums = [UInt32](repeating: 0, count: outWidth * outHeight * 3)
        var counts = [UInt32](repeating: 0, count: outWidth * outHeight)
        let columnCell = (0..<width).map { min($0 * outWidth / width, outWidth - 1) }
        pixels.withUnsafeBufferPointer { source in
            for y in 0..<height {
                let cellRow = min(y * outHeight / height, outHeight - 1) * outWidth
                for x in 0..<width {
                    let cell = cellRow + columnCell[x]
                    let from = (y * width + x) * 3
                    sums[cell * 3] += UInt32(source[from])
                    sums[cell * 3 + 1] += UInt32(source[from + 1])
                    sums[cell * 3 + 2] += UInt32(source[from + 2])
                    counts[cell] += 1
                }
            }
        }
        var samples = [UInt8](repeating: 0, count: outWidth * outHeight * 3)
        for cell in 0..<(outWidth * outHeight) {
            let count = max(counts[cell], 1)
            for c in 0..<3 { samples[cell * 3 + c] = UInt8((sums[cell * 3 + c] + count / 2) / count) }
        }
        return Raster(width: outWidth, height: outHeight, pixels: samples)
    }
}
