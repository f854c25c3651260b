import MediForImaging
import Testing

@Suite("pixel and float planes")
struct GrayImageTests {
    @Test("luminance uses BT.601 weights on the 0...255 scale")
    func luminance() throws {
        let image = try PixelImage(width: 3, height: 1, channels: 3, pixels: [255, 0, 0, 0, 255, 0, 10, 20, 30])
        let plane = GrayImage(luminanceOf: image)
        #expect(plane.width == 3 && plane.height == 1)
        #expect(abs(plane[0, 0] - 76.245) < 1e-3)
        #expect(abs(plane[1, 0] - 149.685) < 1e-3)
        #expect(abs(plane[2, 0] - (2.99 + 11.74 + 3.42)) < 1e-3)
        #expect(image.grayscale().pixels == [76, 150, 18])
    }

    @Test("a grey image's plane is its samples")
    func grayIdentity() throws {
        let image = try TestImages.grayCard(width: 9, height: 4)
        let plane = GrayImage(luminanceOf: image)
        #expect(plane.pixels == image.pixels.map(Float.init))
        #expect(plane.quantized() == image)
        #expect(image.grayscale() == image)
    }

    @Test("one channel can be taken as a plane")
    func channel() throws {
        let image = try TestImages.colorCard(width: 6, height: 5)
        let green = try GrayImage(channel: 1, of: image)
        #expect(green[4, 3] == Float(image[4, 3, 1]))
        #expect(throws: ImagingError.self) { try GrayImage(channel: 3, of: image) }
    }

    @Test("quantising rounds and clamps")
    func quantized() throws {
        let plane = try GrayImage(width: 5, height: 1, pixels: [-3, 0.49, 127.5, 254.6, 1000])
        #expect(plane.quantized().pixels == [0, 0, 128, 255, 255])
        #expect(throws: ImagingError.self) { try GrayImage(width: 2, height: 2, pixels: [0]) }
    }

    @Test("mutation writes through the subscript and the buffer")
    func mutation() throws {
        var plane = try GrayImage(width: 2, height: 2, repeating: 1)
        plane[1, 1] = 5
        plane.withUnsafeMutableSamples { $0[0] = 7 }
        #expect(plane.pixels == [7, 1, 1, 5])
        var image = try PixelImage(width: 2, height: 1, channels: 3, repeating: 0)
        image[1, 0, 2] = 9
        #expect(image.pixels == [0, 0, 0, 0, 0, 9])
    }
}
