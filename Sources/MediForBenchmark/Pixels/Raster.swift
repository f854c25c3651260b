import MediForImaging

/// An RGB image the generator edits in place: interleaved 8-bit samples in one row-major buffer.
///
/// Pixel `(x, y)` channel `c` is at `pixels[(y * width + x) * 3 + c]`. Unlike ``PixelImage`` it is always RGB and
/// its samples are mutable, so manipulations write straight into the buffer.
package struct Raster: Hashable, Sendable {
    /// Width in pixels.
    package let width: Int
    /// Height in pixels.
    package let height: Int
    /// `width * height * 3` samples.
    package var pixels: [UInt8]

    /// A raster of one colour.
    package init(width: Int, height: Int, value: UInt8 = 0) {
        self.width = max(width, 1)
        self.height = max(height, 1)
        self.pixels = [UInt8](repeating: value, count: self.width * self.height * 3)
    }

    /// Wraps samples; `pixels.count` must be `width * height * 3` (checked: a wrong count gives a black raster
    /// of that size rather than an out-of-bounds access later).
    package init(width: Int, height: Int, pixels: [UInt8]) {
        let valid = width > 0 && height > 0 && pixels.count == width * height * 3
        self.width = max(width, 1)
        self.height = max(height, 1)
        self.pixels = valid ? pixels : [UInt8](repeating: 0, count: max(width, 1) * max(height, 1) * 3)
    }

    /// The pixels of a decoded image; grey images are expanded to three equal channels.
    package init(_ image: PixelImage) {
        guard image.channels == 1 else {
            self.init(width: image.width, height: image.height, pixels: image.pixels)
            return
        }
        let count = image.width * image.height
        let samples = [UInt8](unsafeUninitializedCapacity: count * 3) { rgb, initialized in
            image.pixels.withUnsafeBufferPointer { gray in
                for i in 0..<count {
                    let value = gray[i]
                    rgb[3 * i] = value
                    rgb[3 * i + 1] = value
                    rgb[3 * i + 2] = value
                }
            }
            initialized = count * 3
        }
        self.init(width: image.width, height: image.height, pixels: samples)
    }

    /// Samples per row.
    package var rowStride: Int { width * 3 }

    /// The raster as an RGB ``PixelImage``.
    package func pixelImage() throws(ImagingError) -> PixelImage {
        try PixelImage(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// The rectangle at `(x, y)`, clipped to the raster.
    package func cropped(x: Int, y: Int, width cropWidth: Int, height cropHeight: Int) -> Raster {
        let left = min(max(x, 0), width - 1)
        let top = min(max(y, 0), height - 1)
        let outWidth = max(min(cropWidth, width - left), 1)
        let outHeight = max(min(cropHeight, height - top), 1)
        var samples = [UInt8]()
        samples.reserveCapacity(outWidth * outHeight * 3)
        pixels.withUnsafeBufferPointer { source in
            for row in top..<(top + outHeight) {
                let start = (row * width + left) * 3
                samples.append(contentsOf: source[start..<(start + outWidth * 3)])
            }
        }
        return Raster(width: outWidth, height: outHeight, pixels: samples)
    }

    /// A centred crop of the given size, its offset rounded down to a multiple of 8 so an existing JPEG grid stays
    /// aligned.
    package func centredCrop(width cropWidth: Int, height cropHeight: Int) -> Raster {
        cropped(x: (width - cropWidth) / 2 / 8 * 8, y: (height - cropHeight) / 2 / 8 * 8, width: cropWidth,
                height: cropHeight)
    }

    /// Half the size, each output pixel the rounded mean of a 2×2 block.
    package func halved() -> Raster {
        let outWidth = max(width / 2, 1)
        let outHeight = max(height / 2, 1)
        guard width >= 2, height >= 2 else { return self }
        let stride = rowStride
        let samples = [UInt8](unsafeUninitializedCapacity: outWidth * outHeight * 3) { target, initialized in
            pixels.withUnsafeBufferPointer { source in
                for y in 0..<outHeight {
                    let top = 2 * y * stride
                    let bottom = top + stride
                    let out = y * outWidth * 3
                    for x in 0..<outWidth {
                        for c in 0..<3 {
                            let left = 6 * x + c
                            let sum = Int(source[top + left]) + Int(source[top + left + 3])
                                + Int(source[bottom + left]) + Int(source[bottom + left + 3])
                            target[out + 3 * x + c] = UInt8(truncatingIfNeeded: (sum + 2) / 4)
                        }
                    }
                }
            }
            initialized = outWidth * outHeight * 3
        }
        return Raster(width: outWidth, height: outHeight, pixels: samples)
    }

    /// The BT.601 luma of every pixel, 0...255.
    package func luma() -> [Float] {
        let count = width * height
        return [Float](unsafeUninitializedCapacity: count) { plane, initialized in
            pixels.withUnsafeBufferPointer { source in
                for i in 0..<count {
                    plane[i] = 0.299 * Float(source[3 * i]) + 0.587 * Float(source[3 * i + 1])
                        + 0.114 * Float(source[3 * i + 2])
                }
            }
            initialized = count
        }
    }
}
