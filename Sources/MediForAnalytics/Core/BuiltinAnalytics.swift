/// The analytics and fusers built into `medifor`. Adding an analytic is one new file in `Analytics/` and one line
/// in ``all``.
public enum BuiltinAnalytics {
    /// Every built-in analytic, in the order they are listed and run.
    public static let all: [any ForensicAnalytic] = [
        ErrorLevelAnalysis(),
        JPEGGhosts(),
        AlignedDoubleQuantization(),
        NonAlignedDoubleQuantization(),
        BlockArtifactGrid(),
        DCTBlockingInconsistency(),
        GridAlignment(),
        CFATraces(),
        CopyMove(),
        MetadataCheck(),
        WaveletNoiseVariance(),
        MedianResidualNoise(),
        NoiseLevelKurtosis(),
        ResamplingTraces(),
    ]

    /// Analytics that exist for operations rather than forensics (`noop`): found by ``named(_:)``, never run
    /// unless asked for by name.
    public static let utilities: [any ForensicAnalytic] = [NoOpAnalytic()]

    /// The analytic with this id, among ``all`` and ``utilities``.
    public static func named(_ id: String) -> (any ForensicAnalytic)? {
        (all + utilities).first { $0.descriptor.id == id }
    }
}
