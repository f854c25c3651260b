internal import CJPEGShim

/// The quantised DCT coefficients of a JPEG, as stored in the file, before dequantisation and inverse DCT.
///
/// Each component is a grid of 8x8 blocks covering its (possibly subsampled) plane. Coefficients and
/// quantisation tables are in natural (row-major within the block) order, not zig-zag order: value `k` of a
/// block is frequency `(u: k % 8, v: k / 8)`, and `k == 0` is the DC term. Multiply a coefficient by the
/// matching table entry to dequantise it.
public struct JPEGCoefficients: Hashable, Sendable {
    /// One colour component's coefficients.
    public struct Component: Hashable, Sendable {
        /// The 64 quantisation steps of the component's table, natural order.
        public let quantizationTable: [UInt16]
        /// Blocks per row.
        public let blocksWide: Int
        /// Block rows.
        public let blocksHigh: Int
        /// Horizontal sampling factor (2 for the luma of 4:2:0, 1 for its chroma).
        public let horizontalSampling: Int
        /// Vertical sampling factor.
        public let verticalSampling: Int
        /// `blocksHigh * blocksWide * 64` values: blocks in row-major order, 64 natural-order values each.
        public let coefficients: [Int16]

        /// The 64 coefficients of the block at (`column`, `row`). Coordinates are not clamped.
        public func block(column: Int, row: Int) -> ArraySlice<Int16> {
            let start = (row * blocksWide + column) * 64
            return coefficients[start..<start + 64]
        }

        /// Coefficient `index` (0...63, natural order) of the block at (`column`, `row`).
        public func coefficient(_ index: Int, column: Int, row: Int) -> Int16 {
            coefficients[(row * blocksWide + column) * 64 + index]
        }
    }

    /// Image width in pixels.
    public let width: Int
    /// Image height in pixels.
    public let height: Int
    /// How the file stores colour (usually ``ImageInfo/ColorModel/yCbCr`` or ``ImageInfo/ColorModel/gray``).
    public let colorModel: ImageInfo.ColorModel
    /// Whether the file is progressive.
    public let isProgressive: Bool
    /// Components in frame order; for YCbCr files `[Y, Cb, Cr]`.
    public let components: [Component]
}

/// Reads the quantised DCT coefficients and quantisation tables of a JPEG without decoding pixels.
///
/// Damaged data is refused, as in ``decodeImage(data:limits:)``: coefficients that libjpeg had to invent are
/// no evidence.
/// - Throws: ``ImagingError/tooLarge(width:height:)`` before allocating when the header exceeds `limits`;
///   ``ImagingError/unsupportedFormat(_:)`` when `data` is not a JPEG; ``ImagingError/truncated(_:)`` or
///   ``ImagingError/corrupt(_:)`` for damaged data; ``ImagingError/limitExceeded(_:)`` for too many scans.
public func readJPEGCoefficients(data: [UInt8], limits: ImageLimits = .default) throws(ImagingError)
    -> JPEGCoefficients
{
    guard try decodableFormat(of: data) == .jpeg else { throw .unsupportedFormat("not a JPEG") }
    let header = try JPEGDecoder.readHeader(data, limits: limits)
    let geometry = header.components
    let counts = geometry.map { Int($0.width_in_blocks) * Int($0.height_in_blocks) * 64 }
    let total = counts.reduce(0, +)
    var quantization = [UInt16](repeating: 0, count: geometry.count * 64)
    var report = cjpeg_report()
    var cLimits = limits.jpeg
    var status = ShimStatus.ok.rawValue
    // One flat buffer for the C call; each component then gets its own array (one copy, no per-block work).
    let flat = [Int16](unsafeUninitializedCapacity: total) { buffer, initialized in
        status = data.withUnsafeBufferPointer { bytes in
            geometry.withUnsafeBufferPointer { components in
                quantization.withUnsafeMutableBufferPointer { tables in
                    cjpeg_read_coefficients(
                        bytes.baseAddress, bytes.count, &cLimits, 1, components.baseAddress, Int32(components.count),
                        tables.baseAddress, buffer.baseAddress, total, &report)
                }
            }
        }
        initialized = status == ShimStatus.ok.rawValue ? total : 0
    }
    try JPEGDecoder.check(status, report)
    var components: [JPEGCoefficients.Component] = []
    components.reserveCapacity(geometry.count)
    var offset = 0
    for (index, component) in geometry.enumerated() {
        components.append(
            JPEGCoefficients.Component(
                quantizationTable: Array(quantization[index * 64..<(index + 1) * 64]),
                blocksWide: Int(component.width_in_blocks), blocksHigh: Int(component.height_in_blocks),
                horizontalSampling: Int(component.h_samp_factor), verticalSampling: Int(component.v_samp_factor),
                coefficients: Array(flat[offset..<offset + counts[index]])))
        offset += counts[index]
    }
    return JPEGCoefficients(
        width: header.info.width, height: header.info.height, colorModel: header.info.colorModel,
        isProgressive: header.info.isProgressive, components: components)
}
