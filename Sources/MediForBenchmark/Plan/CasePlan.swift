/// How a probe is written: JPEG at quality Q2, or PNG.
package enum FinalFormat: Hashable, Sendable {
    case jpeg(quality: Int)
    case png

    /// The `FinalFormat` column: `jpeg` or `png`.
    package var name: String {
        switch self {
        case .jpeg: "jpeg"
        case .png: "png"
        }
    }

    /// The `Q2` column: the JPEG quality, blank for PNG.
    package var qualityColumn: String {
        switch self {
        case .jpeg(let quality): "\(quality)"
        case .png: ""
        }
    }

    /// The probe file's extension.
    package var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        }
    }
}

/// One target–control pair to build: what to do to which host tile, and how both probes are compressed.
package struct CasePlan: Hashable, Sendable {
    /// The pair's position in the plan, from 0; probe IDs are derived from it.
    package var index: Int
    /// The manipulation.
    package var operation: BenchmarkOperation
    /// One of `operation.variants`.
    package var variant: String
    /// Index into ``HostLibrary/tiles``.
    package var tileIndex: Int
    /// The camera original's JPEG quality.
    package var firstQuality: Int
    /// The final save of both probes.
    package var finalFormat: FinalFormat
    /// Seeds the pair's own random stream, so pairs can be built in any order, in parallel.
    package var seed: UInt64
}

/// Lays out the pairs of a benchmark so every operation gets the same number of targets, and within an operation
/// the variants, host tiles, first qualities and final saves are each dealt in turn, in shuffled rounds, so each
/// is as evenly used as the count allows.
package enum BenchmarkPlanner {
    /// Q1, the camera original's quality.
    package static let firstQualities = [70, 80, 90, 95]
    /// Q2, the final JPEG save's quality.
    package static let finalQualities = [75, 85, 95, 100]

    /// The pairs for `configuration` over `tileCount` host tiles, operation by operation.
    package static func plan(configuration: BenchmarkConfiguration, tileCount: Int) -> [CasePlan] {
        var random = SeededRandom(seed: SeededRandom.mix(configuration.seed, 0x706C_616E))  // "plan"
        var plans: [CasePlan] = []
        for operation in BenchmarkOperation.allCases {
            var finals = finalQualities.map { FinalFormat.jpeg(quality: $0) }
            if operation.allowsPNG { finals.append(.png) }
            var variantCycle = Cycle(count: operation.variants.count)
            var tileCycle = Cycle(count: tileCount)
            var firstCycle = Cycle(count: firstQualities.count)
            var finalCycle = Cycle(count: finals.count)
            for _ in 0..<configuration.targetsPerOperation {
                plans.append(
                    CasePlan(
                        index: plans.count, operation: operation,
                        variant: operation.variants[variantCycle.next(&random)],
                        tileIndex: tileCycle.next(&random), firstQuality: firstQualities[firstCycle.next(&random)],
                        finalFormat: finals[finalCycle.next(&random)], seed: random.next()))
            }
        }
        return plans
    }

    /// Deals indices `0..<count` in shuffled rounds: every index once per round.
    private struct Cycle {
        let count: Int
        var order: [Int] = []

        init(count: Int) { self.count = max(count, 1) }

        mutating func next(_ random: inout SeededRandom) -> Int {
            if order.isEmpty { order = random.shuffled(Array(0..<count)) }
            return order.removeLast()
        }
    }
}
