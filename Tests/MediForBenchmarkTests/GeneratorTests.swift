import Foundation
import MediForBenchmark
import MediForEval
import MediForImaging
import Testing

/// End-to-end: `BenchmarkGenerator.generate` on real sample photos, read back with MediForEval's readers.
@Suite struct GeneratorTests {
    /// A small run: 3 targets per operation keeps the test quick; the layout is the same as for the presets.
    static func configuration(seed: UInt64, targets: Int = 3) -> BenchmarkConfiguration {
        var configuration = BenchmarkConfiguration(seed: seed, size: .small)
        configuration.targetsPerOperation = targets
        return configuration
    }

    @Test func sameSeedGivesIdenticalFilesAndAnotherSeedDiffers() throws {
        let hosts = try SampleHosts.folder()
        let first = TemporaryFolder.unusedPath("out")
        let second = TemporaryFolder.unusedPath("out")
        let third = TemporaryFolder.unusedPath("out")
        _ = try BenchmarkGenerator(configuration: Self.configuration(seed: 11)).generate(hosts: hosts, output: first)
        _ = try BenchmarkGenerator(configuration: Self.configuration(seed: 11)).generate(hosts: hosts, output: second)
        _ = try BenchmarkGenerator(configuration: Self.configuration(seed: 12)).generate(hosts: hosts, output: third)
        let a = try TemporaryFolder.contents(of: first)
        let b = try TemporaryFolder.contents(of: second)
        let c = try TemporaryFolder.contents(of: third)
        #expect(a.count == 3 + 2 * 27 + b.keys.filter { $0.hasPrefix("mask/") }.count)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (path, data) in a { #expect(b[path] == data, "\(path) differs between two runs with the same seed") }
        // Another seed: other probe IDs, other pixels.
        let probesA = Set(a.keys.filter { $0.hasPrefix("probe/") })
        #expect(probesA.isDisjoint(with: c.keys.filter { $0.hasPrefix("probe/") }))
        #expect(a["reference.csv"] != c["reference.csv"])
        let sizesA = a.filter { $0.key.hasPrefix("probe/") }.values.map(\.count).sorted()
        let sizesC = c.filter { $0.key.hasPrefix("probe/") }.values.map(\.count).sorted()
        #expect(sizesA != sizesC)
    }

    @Test func filesRoundTripThroughTheMediScoreReaders() throws {
        let output = TemporaryFolder.unusedPath("out")
        let summary = try BenchmarkGenerator(configuration: Self.configuration(seed: 5))
            .generate(hosts: try SampleHosts.folder(), output: output)
        let index = try IndexFile(contentsOf: output.appendingPathComponent("index.csv"))
        let reference = try ReferenceFile(contentsOf: output.appendingPathComponent("reference.csv"))
        #expect(index.rows.count == summary.probes)
        #expect(reference.rows.count == summary.probes)
        #expect(!index.isSplice)
        for column in ["HostID", "Operation", "Variant", "Scope", "Shape", "Q1", "Q2", "FinalFormat", "Aligned",
                       "RegionFraction", "Parameters"] {
            #expect(reference.factorColumns.contains(column), "missing factor column \(column)")
        }
        // The index and the reference list the same probes, with IDs that say nothing.
        #expect(Set(index.rows.map(\.probeFileID)) == Set(reference.rows.map(\.probeFileID)))
        #expect(Set(index.rows.map(\.probeFileID)).count == index.rows.count)
        for row in index.rows {
            #expect(row.taskID == "manipulation")
            #expect(row.probeFileID.count == 16 && row.probeFileID.allSatisfy(\.isHexDigit))
            let data = try #require(FileManager.default.contents(
                atPath: output.appendingPathComponent(row.probeFileName).path))
            let image = try decodeImage(data: [UInt8](data))
            #expect(image.width == row.probeWidth && image.height == row.probeHeight, "\(row.probeFileName)")
        }
        let sizes = Dictionary(
            uniqueKeysWithValues: index.rows.map { ($0.probeFileID, ($0.probeWidth, $0.probeHeight)) })
        for row in reference.rows {
            let format = try #require(row.factors["FinalFormat"])
            let fileName = try #require(index.rows.first { $0.probeFileID == row.probeFileID }?.probeFileName)
            #expect(fileName.hasSuffix(format == "png" ? ".png" : ".jpg"))
            #expect((row.factors["Q2"] ?? "").isEmpty == (format == "png"))
            let local = row.factors["Scope"] == "local"
            if row.isTarget && local {
                let maskName = try #require(row.probeMaskFileName, "local target \(row.probeFileID) has no mask")
                let maskPath = output.appendingPathComponent(maskName).path
                let data = try #require(FileManager.default.contents(atPath: maskPath))
                let mask = try decodePNG(data: [UInt8](data))
                #expect(mask.channels == 1)
                #expect(mask.width == sizes[row.probeFileID]?.0 && mask.height == sizes[row.probeFileID]?.1)
                #expect(mask.pixels.allSatisfy { $0 == 0 || $0 == 255 })
                #expect(mask.pixels.contains(0) && mask.pixels.contains(255))
            } else {
                #expect(row.probeMaskFileName == nil, "\(row.probeFileID) should have no mask")
            }
        }
        // dataset.json describes the same benchmark.
        let jsonPath = output.appendingPathComponent("dataset.json").path
        let json = try #require(FileManager.default.contents(atPath: jsonPath))
        let described = try JSONDecoder().decode(BenchmarkSummary.self, from: json)
        #expect(described == summary)
        #expect(described.seed == 5 && described.size == "small")
        #expect(described.hosts.count == SampleHosts.names.count)
    }

    @Test func everyTargetHasAControlWithTheSameFactors() throws {
        let output = TemporaryFolder.unusedPath("out")
        let summary = try BenchmarkGenerator(configuration: Self.configuration(seed: 9, targets: 4))
            .generate(hosts: try SampleHosts.folder(), output: output)
        let reference = try ReferenceFile(contentsOf: output.appendingPathComponent("reference.csv"))
        func cells(_ target: Bool) -> [String] {
            reference.rows.filter { $0.isTarget == target }
                .map { $0.factors.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "|") }
                .sorted()
        }
        #expect(cells(true) == cells(false))
        for operation in BenchmarkOperation.allCases {
            let rows = reference.rows.filter { $0.factors["Operation"] == operation.rawValue }
            #expect(rows.filter(\.isTarget).count == 4, "\(operation)")
            #expect(rows.filter { !$0.isTarget }.count == 4, "\(operation)")
        }
        #expect(summary.operations.allSatisfy { $0.targets == 4 && $0.controls == 4 })
        #expect(summary.targets * 2 == summary.probes)
    }

    @Test func presetsHaveTheDocumentedSizes() throws {
        let hosts = try HostLibrary.load(
            folder: try SampleHosts.folder(), configuration: BenchmarkConfiguration(seed: 1, size: .small))
        let small = BenchmarkGenerator(configuration: BenchmarkConfiguration(seed: 1, size: .small)).plan(for: hosts)
        let full = BenchmarkGenerator(configuration: BenchmarkConfiguration(seed: 1, size: .full)).plan(for: hosts)
        #expect((100...130).contains(small.count))
        #expect((500...1000).contains(full.count))
        for operation in BenchmarkOperation.allCases {
            let plans = full.filter { $0.operation == operation }
            #expect(plans.count == 80)
            // Variants and first qualities are dealt in turn, so they are as even as the count allows.
            for variant in operation.variants {
                let count = plans.filter { $0.variant == variant }.count
                #expect(abs(count - 80 / operation.variants.count) <= 1, "\(operation) \(variant): \(count)")
            }
            for quality in BenchmarkPlanner.firstQualities {
                #expect(plans.filter { $0.firstQuality == quality }.count == 20, "\(operation) Q1 \(quality)")
            }
            let pngs = plans.filter { $0.finalFormat == .png }.count
            #expect(pngs == (operation == .recompress || operation == .metadata ? 0 : 16), "\(operation) PNG")
            for quality in BenchmarkPlanner.finalQualities {
                let count = plans.filter { $0.finalFormat == .jpeg(quality: quality) }.count
                #expect(count == (pngs == 0 ? 20 : 16), "\(operation) Q2 \(quality)")
            }
        }
        #expect(hosts.tiles.allSatisfy { $0.image.width * $0.image.height <= 500_000 })
    }
}
