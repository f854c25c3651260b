import Foundation
import MediForBenchmark
import MediForImaging
import Testing

/// The reference masks describe the pixels a manipulation actually changed: compared before the final save, the
/// target differs from its control only inside the mask (plus the feather band of a soft edge), and most of the
/// mask did change.
@Suite struct MaskFidelityTests {
    @Test func localMasksCoverTheChangedPixels() throws {
        let hosts = try HostLibrary.load(
            folder: try SampleHosts.folder(), configuration: BenchmarkConfiguration(seed: 3, size: .small))
        var configuration = BenchmarkConfiguration(seed: 3, size: .small)
        configuration.targetsPerOperation = 16
        let generator = BenchmarkGenerator(configuration: configuration)
        let renderer = CaseRenderer(hosts: hosts)
        var localCases = 0
        var stats: [String: [Double]] = [:]
        for plan in generator.plan(for: hosts) {
            let rendered = try renderer.render(plan)
            guard plan.operation.isLocal(variant: plan.variant) else {
                #expect(rendered.mask == nil, "\(plan.operation) \(plan.variant) is global but has a mask")
                continue
            }
            localCases += 1
            let mask = try #require(rendered.mask, "\(plan.operation) \(plan.variant) has no mask")
            let region = try #require(rendered.region)
            let target = rendered.target, control = rendered.control
            #expect(target.width == control.width && target.height == control.height)
            #expect(mask.count == target.width * target.height)
            let band = region.featherBand
            var changedOutside = 0, changedInside = 0, maskPixels = 0
            for y in 0..<target.height {
                for x in 0..<target.width {
                    let p = (y * target.width + x) * 3
                    let changed = target.pixels[p] != control.pixels[p] || target.pixels[p + 1] != control.pixels[p + 1]
                        || target.pixels[p + 2] != control.pixels[p + 2]
                    if mask[y * target.width + x] == 0 {
                        maskPixels += 1
                        if changed { changedInside += 1 }
                    } else if changed {
                        // Allowed only within `band` pixels of the region's box, where a soft edge fades out.
                        let insideBand = band > 0 && x >= region.x - band && x < region.x + region.width + band
                            && y >= region.y - band && y < region.y + region.height + band
                        if !insideBand { changedOutside += 1 }
                    }
                }
            }
            #expect(
                changedOutside == 0,
                "\(plan.operation) \(plan.variant): \(changedOutside) changed pixels outside the mask")
            #expect(maskPixels > 0)
            let fraction = Double(changedInside) / Double(max(maskPixels, 1))
            stats["\(plan.operation.rawValue)/\(plan.variant)", default: []].append(fraction)
        }
        // Blurring, filtering or resampling leaves some pixels of smooth content as they were (a 3×3 median of the
        // smooth moon surface changes about a third); over each variant, and over all, most of the mask changes.
        for (key, values) in stats {
            #expect(values.allSatisfy { $0 >= 0.3 }, "\(key): too few mask pixels changed: \(values)")
            #expect(values.reduce(0, +) / Double(values.count) >= 0.6, "\(key): too few mask pixels changed")
        }
        let fractions = stats.values.flatMap { $0 }
        #expect(fractions.reduce(0, +) / Double(max(fractions.count, 1)) >= 0.8)
        #expect(localCases >= 6 * 16)
    }
}
