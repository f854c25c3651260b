import MediForImaging
import Testing

@Suite("JPEG DCT coefficients")
struct JPEGCoefficientTests {
    /// The IJG tables (ITU-T T.81 Annex K), natural order, independent of the code under test.
    static let luminanceBase: [Int] = [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ]
    static let chrominanceBase: [Int] =
        [
            17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
            24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
        ] + [Int](repeating: 99, count: 32)

    /// libjpeg's `jpeg_quality_scaling` followed by `jpeg_add_quant_table` with baseline clamping.
    static func scaled(_ base: [Int], quality: Int) -> [UInt16] {
        let scale = quality < 50 ? 5000 / quality : 200 - 2 * quality
        return base.map { UInt16(min(max(($0 * scale + 50) / 100, 1), 255)) }
    }

    @Test("quality 75 gives the standard tables scaled to 75, and 4:2:0 block geometry")
    func quality75() throws {
        let source = try TestImages.colorCard(width: 37, height: 23)
        let coefficients = try readJPEGCoefficients(data: try encodeJPEG(source, quality: 75))
        #expect(coefficients.width == 37 && coefficients.height == 23)
        #expect(coefficients.colorModel == .yCbCr)
        try #require(coefficients.components.count == 3)
        let (y, cb, cr) = (coefficients.components[0], coefficients.components[1], coefficients.components[2])

        #expect(y.quantizationTable == Self.scaled(Self.luminanceBase, quality: 75))
        #expect(cb.quantizationTable == Self.scaled(Self.chrominanceBase, quality: 75))
        #expect(cr.quantizationTable == cb.quantizationTable)

        // Luma: ceil(37/8) x ceil(23/8) blocks at 2x2 sampling; chroma: half resolution, ceil(19/8) x ceil(12/8).
        #expect([y.blocksWide, y.blocksHigh, y.horizontalSampling, y.verticalSampling] == [5, 3, 2, 2])
        #expect([cb.blocksWide, cb.blocksHigh, cb.horizontalSampling, cb.verticalSampling] == [3, 2, 1, 1])
        #expect([cr.blocksWide, cr.blocksHigh] == [3, 2])
        for component in coefficients.components {
            #expect(component.coefficients.count == component.blocksWide * component.blocksHigh * 64)
        }
    }

    @Test("4:4:4 keeps chroma at full resolution")
    func fullChroma() throws {
        let jpeg = try encodeJPEG(try TestImages.colorCard(width: 37, height: 23), quality: 75, chroma: .full444)
        let components = try readJPEGCoefficients(data: jpeg).components
        #expect(components.map(\.blocksWide) == [5, 5, 5])
        #expect(components.map(\.blocksHigh) == [3, 3, 3])
        #expect(components.map(\.horizontalSampling) == [1, 1, 1])
    }

    @Test("a flat grey image has only DC terms, equal to (value - 128) * 8 / q0")
    func flatGray() throws {
        let source = try PixelImage(width: 16, height: 24, channels: 1, repeating: 200)
        let jpeg = try encodeJPEG(source, quality: 75)
        let coefficients = try readJPEGCoefficients(data: jpeg)
        #expect(coefficients.colorModel == .gray)
        try #require(coefficients.components.count == 1)
        let luma = coefficients.components[0]
        #expect(luma.quantizationTable[0] == 8)  // (16 * 50 + 50) / 100
        #expect(luma.blocksWide == 2 && luma.blocksHigh == 3)
        for row in 0..<luma.blocksHigh {
            for column in 0..<luma.blocksWide {
                // DC = sum(x - 128) / 8 = 64 * 72 / 8 = 576, quantised by 8.
                #expect(luma.coefficient(0, column: column, row: row) == 72)
                #expect(luma.block(column: column, row: row).dropFirst().allSatisfy { $0 == 0 })
            }
        }
        #expect(try decodeImage(data: jpeg) == source)
    }

    @Test("a PNG is not read as JPEG coefficients")
    func notAJPEG() throws {
        let png = try encodePNGMask(width: 2, height: 2, pixels: [0, 1, 2, 3])
        #expect(throws: ImagingError.unsupportedFormat("not a JPEG")) { try readJPEGCoefficients(data: png) }
    }
}
