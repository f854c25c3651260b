import Dispatch
import Foundation
import MediForImaging
import Synchronization

/// Generates the seeded synthetic forgery benchmark in MediScore's layout from a folder of host photos.
///
/// ```swift
/// let generator = BenchmarkGenerator(configuration: BenchmarkConfiguration(seed: 7, size: .small))
/// let summary = try generator.generate(hosts: hostsFolder, output: outputFolder)
/// ```
///
/// Every host tile (see ``HostNormalizer``) becomes a pseudo-camera original when compressed at Q1 ∈ {70, 80, 90,
/// 95}. Each operation gets ``BenchmarkConfiguration/targetsPerOperation`` manipulated probes, each with a matched
/// control from the same tile with the same Q1 and final save (JPEG at Q2 ∈ {75, 85, 95, 100}, or PNG) and the
/// same factor values, so no factor but the manipulation separates targets from controls. Probe IDs are 16 hex
/// digits derived from the seed and the probe's number, and rows are shuffled, so neither reveals the answer.
/// The same seed and hosts give byte-identical files; the work runs on all cores.
public struct BenchmarkGenerator: Sendable {
    /// The seed and size.
    public var configuration: BenchmarkConfiguration

    /// A generator for `configuration`.
    public init(configuration: BenchmarkConfiguration) {
        self.configuration = configuration
    }

    /// Builds the benchmark from the photos in `hosts` into `output`.
    /// - Parameters:
    ///   - hosts: A folder of JPEG and PNG photos; other files are skipped with a warning in the summary.
    ///   - output: The folder to write; created if missing.
    ///   - replacingExisting: Allow a non-empty `output`; the generator's own files from an earlier run are
    ///     removed first, anything else in the folder is left alone.
    /// - Returns: The counts, also written to `output/dataset.json`.
    /// - Throws: ``BenchmarkError``: the hosts folder is missing or holds fewer than two usable photos, the output
    ///   folder is not empty, a file cannot be written, or an image fails to encode.
    public func generate(hosts: URL, output: URL, replacingExisting: Bool = false) throws(BenchmarkError)
        -> BenchmarkSummary
    {
        try BenchmarkLayout.checkOutput(output, replacing: replacingExisting)
        let library = try HostLibrary.load(folder: hosts, configuration: configuration)
        let plans = plan(for: library)
        try BenchmarkLayout.prepareOutput(output)
        let records = try render(plans, hosts: library, output: output)
        var order = SeededRandom(seed: SeededRandom.mix(configuration.seed, 0x726F_7773))  // "rows"
        let shuffled = order.shuffled(records)
        let summary = summarize(plans: plans, library: library, records: records)
        try BenchmarkLayout.writeTables(shuffled, summary: summary, in: output)
        return summary
    }

    /// The pairs to build over `hosts`.
    package func plan(for hosts: HostLibrary) -> [CasePlan] {
        BenchmarkPlanner.plan(configuration: configuration, tileCount: hosts.tiles.count)
    }

    /// The `ProbeFileID`s of every pair (target, control): 16 hex digits of a hash of the seed and the probe's
    /// number, made unique.
    package func probeIDs(count: Int) -> [(target: String, control: String)] {
        var seen = Set<String>()
        func id(_ number: Int) -> String {
            var value = SeededRandom.mix(configuration.seed, UInt64(number))
            var text = Self.hex(value)
            while !seen.insert(text).inserted {
                value = SeededRandom.mix(value, 0x5EED)
                text = Self.hex(value)
            }
            return text
        }
        return (0..<count).map { (id(2 * $0), id(2 * $0 + 1)) }
    }

    /// Renders, encodes and writes every pair on all cores; returns the records in plan order (target, control).
    private func render(_ plans: [CasePlan], hosts: HostLibrary, output: URL) throws(BenchmarkError)
        -> [ProbeRecord]
    {
        let renderer = CaseRenderer(hosts: hosts)
        let ids = probeIDs(count: plans.count)
        let results = Mutex([Result<[ProbeRecord], BenchmarkError>?](repeating: nil, count: plans.count))
        DispatchQueue.concurrentPerform(iterations: plans.count) { index in
            let result: Result<[ProbeRecord], BenchmarkError>
            do throws(BenchmarkError) {
                result = .success(try Self.build(plans[index], ids: ids[index], renderer: renderer, output: output))
            } catch {
                result = .failure(error)
            }
            results.withLock { $0[index] = result }
        }
        var records: [ProbeRecord] = []
        records.reserveCapacity(plans.count * 2)
        for result in results.withLock({ $0 }) {
            switch result {
            case .success(let pair): records += pair
            case .failure(let error): throw error
            case nil: throw BenchmarkError(code: .imagingFailed, message: "a probe was not built")
            }
        }
        return records
    }

    /// Builds one pair and writes its files.
    private static func build(
        _ plan: CasePlan, ids: (target: String, control: String), renderer: CaseRenderer, output: URL
    ) throws(BenchmarkError) -> [ProbeRecord] {
        let rendered: RenderedCase
        let targetBytes: [UInt8], controlBytes: [UInt8]
        var maskBytes: [UInt8]?
        do {
            rendered = try renderer.render(plan)
            targetBytes = try ProbeEncoder.encode(
                rendered.target, as: plan.finalFormat, metadata: rendered.targetMetadata)
            controlBytes = try ProbeEncoder.encode(
                rendered.control, as: plan.finalFormat, metadata: rendered.controlMetadata)
            if let mask = rendered.mask {
                maskBytes = try encodePNGMask(
                    width: rendered.target.width, height: rendered.target.height, pixels: mask)
            }
        } catch {
            throw BenchmarkError(
                code: .imagingFailed, message: "building a \(plan.operation.rawValue) probe failed: \(error)")
        }
        let hostID = renderer.hosts.tiles[plan.tileIndex].hostID
        let factors = [
            hostID, plan.operation.rawValue, plan.variant, rendered.scope, rendered.shape, "\(plan.firstQuality)",
            plan.finalFormat.qualityColumn, plan.finalFormat.name, rendered.aligned, rendered.regionFraction,
            rendered.parameters.joined(separator: ";"),
        ]
        let fileExtension = plan.finalFormat.fileExtension
        let target = ProbeRecord(
            id: ids.target, fileName: "probe/\(ids.target).\(fileExtension)",
            maskFileName: maskBytes == nil ? "" : "mask/\(ids.target).png", isTarget: true,
            width: rendered.target.width, height: rendered.target.height, factors: factors)
        let control = ProbeRecord(
            id: ids.control, fileName: "probe/\(ids.control).\(fileExtension)", maskFileName: "", isTarget: false,
            width: rendered.control.width, height: rendered.control.height, factors: factors)
        try BenchmarkLayout.write(targetBytes, to: target.fileName, in: output)
        try BenchmarkLayout.write(controlBytes, to: control.fileName, in: output)
        if let maskBytes { try BenchmarkLayout.write(maskBytes, to: target.maskFileName, in: output) }
        return [target, control]
    }

    private func summarize(plans: [CasePlan], library: HostLibrary, records: [ProbeRecord]) -> BenchmarkSummary {
        let counts = BenchmarkOperation.allCases.map { operation in
            let pairs = plans.filter { $0.operation == operation }.count
            return BenchmarkSummary.OperationCount(operation: operation, targets: pairs, controls: pairs)
        }
        return BenchmarkSummary(
            seed: configuration.seed, size: configuration.size.rawValue, probes: records.count,
            targets: records.filter(\.isTarget).count, hosts: library.hostIDs, tiles: library.tiles.count,
            operations: counts, warnings: library.warnings)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(16 - digits.count, 0)) + digits
    }
}
