import Foundation
import MediForTestSupport
import MediForImaging
import Testing

/// The sample photographs the analytics are tested on: scikit-image's and PyWavelets' bundled images, found
/// through `MEDIFOR_SAMPLE_IMAGES` (a folder, set by scripts/test.sh) or, failing that, by asking the local Python
/// where scikit-image keeps them. A test that cannot find them fails; it never passes by skipping.
enum SampleImages {
    /// The folder holding `astronaut.png`, `coffee.png`, `chelsea.png`, `camera.png`, `rocket.jpg`, ….
    static let folder: String? = SampleImageFolder.path

    /// Colour photographs suitable as hosts (RGB, at least 300×300).
    static let colorHosts = ["astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg", "motorcycle_left.png"]

    /// Decodes one sample image (PNG or JPEG), converted to RGB; records a failure and throws when missing.
    static func load(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> PixelImage {
        guard let folder else {
            Issue.record(
                "sample images not found: run scripts/bootstrap.sh test (installs scikit-image) or set MEDIFOR_SAMPLE_IMAGES",
                sourceLocation: sourceLocation)
            throw CancellationError()
        }
        let path = folder + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else {
            Issue.record("sample image \(path) is missing", sourceLocation: sourceLocation)
            throw CancellationError()
        }
        let image = try decodeImage(data: [UInt8](data))
        return image.channels == 3 ? image : try Forgery.rgb(fromGray: image)
    }
}
