/// A split of host photos into a training part and a held-out test part, so that no host (and none of the probes
/// made from it) is on both sides. Deterministic: the same hosts, fraction and seed give the same split on every
/// platform (SplitMix64 and a Fisher–Yates shuffle of the sorted host ids).
public struct HostSplit: Hashable, Sendable {
    /// Hosts to fit on, sorted.
    public var trainHosts: [String]
    /// Hosts to test on, sorted.
    public var testHosts: [String]

    /// The fewest hosts a split accepts.
    public static let minimumHosts = 4

    /// Splits `hosts` (duplicates ignored), holding out `holdout` of them (rounded, at least one on each side).
    /// - Throws: ``FusionTrainingError`` for fewer than ``minimumHosts`` hosts or a fraction outside (0, 1).
    public init(hosts: some Sequence<String>, holdout: Double, seed: UInt64) throws(FusionTrainingError) {
        let unique = Array(Set(hosts)).sorted()
        guard unique.count >= Self.minimumHosts else {
            throw FusionTrainingError(
                "only \(unique.count) host photo(s) in the dataset; a held-out split needs at least \(Self.minimumHosts)")
        }
        guard holdout > 0, holdout < 1 else {
            throw FusionTrainingError("the held-out fraction must be between 0 and 1 (exclusive), got \(holdout)")
        }
        var shuffled = unique
        var random = SplitMix64(seed: seed)
        for index in stride(from: shuffled.count - 1, to: 0, by: -1) {
            shuffled.swapAt(index, Int(random.next(below: UInt64(index + 1))))
        }
        let testCount = min(max(Int((holdout * Double(unique.count)).rounded()), 1), unique.count - 1)
        testHosts = shuffled.prefix(testCount).sorted()
        trainHosts = shuffled.dropFirst(testCount).sorted()
    }
}

/// Steele, Lea and Flood's SplitMix64 generator: small, fast and identical everywhere.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in `0..<bound` (bound > 0), without modulo bias.
    mutating func next(below bound: UInt64) -> UInt64 {
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let value = next()
            if value < limit { return value % bound }
        }
    }
}
