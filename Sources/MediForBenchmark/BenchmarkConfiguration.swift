/// How big a benchmark to build.
public enum BenchmarkSize: String, Hashable, Sendable, CaseIterable {
    /// ≈ 230 probes, each host reduced to one centred tile of at most 0.5 MP: seconds to generate, minutes to score.
    case small
    /// ≈ 1,400 probes; tiles up to 2 MP, up to four tiles from a large host.
    case full
}

/// What the generator builds: the seed and the size, and the parameters the size implies.
public struct BenchmarkConfiguration: Hashable, Sendable {
    /// The seed of every random choice; the same seed and hosts give byte-identical output.
    public var seed: UInt64
    /// The size preset.
    public var size: BenchmarkSize
    /// Manipulated probes per operation; each has a matched control, so an operation has twice as many probes.
    public var targetsPerOperation: Int
    /// The largest tile cut from a host photo, in pixels.
    public var maxTilePixels: Int
    /// The most tiles cut from one host photo.
    public var maxTilesPerHost: Int

    /// The generator's output format version, written to `dataset.json`.
    public static let generatorVersion = 1

    /// The preset for `size`: `small` makes 13 targets per operation (234 probes) from ≤ 0.5 MP tiles, `full` 80
    /// per operation (1,440 probes) from ≤ 2 MP tiles, up to four per host.
    public init(seed: UInt64, size: BenchmarkSize = .small) {
        self.seed = seed
        self.size = size
        switch size {
        case .small:
            targetsPerOperation = 13
            maxTilePixels = 500_000
            maxTilesPerHost = 1
        case .full:
            targetsPerOperation = 80
            maxTilePixels = 2_000_000
            maxTilesPerHost = 4
        }
    }
}
