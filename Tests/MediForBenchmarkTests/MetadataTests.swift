import Foundation
import MediForBenchmark
import MediForImaging
import Testing

/// Every JPEG probe carries a camera's EXIF; metadata targets differ from their controls in exactly the field
/// their variant names.
@Suite struct MetadataTests {
    @Test func jpegProbesCarryCameraExifAndPNGsNone() throws {
        let hosts = try HostLibrary.load(
            folder: try SampleHosts.folder(), configuration: BenchmarkConfiguration(seed: 4, size: .small))
        var configuration = BenchmarkConfiguration(seed: 4, size: .small)
        configuration.targetsPerOperation = 8
        let renderer = CaseRenderer(hosts: hosts)
        var checked = 0
        for plan in BenchmarkGenerator(configuration: configuration).plan(for: hosts)
        where plan.operation == .metadata || plan.operation == .splice {
            let rendered = try renderer.render(plan)
            let target = try ProbeEncoder.encode(
                rendered.target, as: plan.finalFormat, metadata: rendered.targetMetadata)
            let control = try ProbeEncoder.encode(
                rendered.control, as: plan.finalFormat, metadata: rendered.controlMetadata)
            guard case .jpeg = plan.finalFormat else {
                #expect(ExifFields(jpeg: target) == nil && ExifFields(jpeg: control) == nil)
                continue
            }
            let exif = try #require(ExifFields(jpeg: target), "no EXIF in a \(plan.operation) target")
            let reference = try #require(ExifFields(jpeg: control), "no EXIF in a \(plan.operation) control")
            #expect(exif.make != nil && exif.make == reference.make && exif.model == reference.model)
            #expect(reference.software == nil)
            #expect(reference.dateTime == reference.dateTimeOriginal)
            #expect(reference.pixelSize.map { $0 == (rendered.control.width, rendered.control.height) } == true)
            // The probe decodes with the EXIF in place, and its thumbnail decodes too.
            #expect(try decodeImage(data: target).width == rendered.target.width)
            let thumbnail = try decodeImage(data: try #require(reference.thumbnail))
            #expect(max(thumbnail.width, thumbnail.height) <= 160)
            checked += 1
            guard plan.operation == .metadata else {
                #expect(exif.software == nil && exif.dateTime == exif.dateTimeOriginal)
                continue
            }
            #expect(rendered.target.pixels == rendered.control.pixels, "metadata targets keep the control's pixels")
            switch plan.variant {
            case "software":
                #expect(CameraMetadata.editors.contains(exif.software ?? ""))
            case "datetime":
                let modified = try #require(exif.dateTime), original = try #require(exif.dateTimeOriginal)
                #expect(modified > original)
            case "dimensions":
                let claimed = try #require(exif.pixelSize)
                #expect(claimed.0 > rendered.target.width && claimed.1 == rendered.target.height)
            default:
                #expect(plan.variant == "thumbnail")
                let stale = try decodeImage(data: try #require(exif.thumbnail))
                let fresh = try decodeImage(data: try #require(reference.thumbnail))
                let staleAspect = Double(stale.width) / Double(stale.height)
                let freshAspect = Double(fresh.width) / Double(fresh.height)
                #expect(abs(log(staleAspect / freshAspect)) > 0.1, "the stale thumbnail shows the uncropped frame")
            }
        }
        #expect(checked >= 8)
    }
}
