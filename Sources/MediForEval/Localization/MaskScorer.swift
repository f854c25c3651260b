/// Scores system masks against reference masks as MediScore's MaskScorer does: no-score zones, then MCC, F1, NMM,
/// BWL1 and GWL1 at a fixed threshold and at the MCC-optimal one.
///
/// The scorer is a plain value. One ``score(reference:system:optOutPixelValue:fixedThreshold:)`` call makes one
/// pass over the pixels to build the no-score zone (plus the morphology, O(pixels) for the default box kernel) and
/// one to fill two histograms; every threshold is then read from the histograms.
public struct MaskScorer: Sendable {
    /// Scoring options; the defaults are MediScore's (`--eks 15 --dks 11 --kernel box`), except that each probe's
    /// opt-out pixel value is honoured by default (MediScore needs `--pppns`), because MediFor results carry one.
    public struct Configuration: Hashable, Sendable, Codable {
        /// Erosion kernel size (`--eks`): odd, or 0 for no erosion.
        public var erosionKernelSize: Int
        /// Dilation kernel size (`--dks`): odd, or 0 for no dilation.
        public var dilationKernelSize: Int
        /// Kernel shape (`--kernel`).
        public var kernelShape: KernelShape
        /// A system gray level never scored in any probe (`--nspx`); `nil` for none.
        public var noScorePixelValue: UInt8?
        /// Honour each probe's `ProbeOptOutPixelValue` (`--pppns`).
        public var usesProbeOptOutPixelValue: Bool
        /// A fixed threshold in −1...255 (`--sbin`), scored besides the optimum; `nil` for none. −1 calls no
        /// pixel manipulated. For MediFor results the natural choice is the result's `mask_threshold`.
        public var fixedThreshold: Int?

        /// Creates a configuration.
        public init(
            erosionKernelSize: Int = 15, dilationKernelSize: Int = 11, kernelShape: KernelShape = .box,
            noScorePixelValue: UInt8? = nil, usesProbeOptOutPixelValue: Bool = true, fixedThreshold: Int? = nil
        ) {
            self.erosionKernelSize = erosionKernelSize
            self.dilationKernelSize = dilationKernelSize
            self.kernelShape = kernelShape
            self.noScorePixelValue = noScorePixelValue
            self.usesProbeOptOutPixelValue = usesProbeOptOutPixelValue
            self.fixedThreshold = fixedThreshold
        }

        /// MediScore's defaults.
        public static var defaults: Configuration { Configuration() }

        /// Checks the ranges.
        /// - Throws: ``EvaluationError/Code/invalidConfiguration`` naming the bad field.
        public func validate() throws(EvaluationError) {
            for (name, size) in [("erosion", erosionKernelSize), ("dilation", dilationKernelSize)]
            where size < 0 || (size > 0 && size % 2 == 0) {
                throw .invalidConfiguration("\(name) kernel size must be 0 or odd, got \(size)")
            }
            if let fixedThreshold, !(-1...255).contains(fixedThreshold) {
                throw .invalidConfiguration("fixed threshold must be in -1...255, got \(fixedThreshold)")
            }
        }
    }

    /// The options in force.
    public let configuration: Configuration

    /// Creates a scorer.
    public init(configuration: Configuration = .defaults) {
        self.configuration = configuration
    }

    /// The no-score zone of a mask pair.
    /// - Throws: ``EvaluationError/Code/sizeMismatch`` when the masks differ in size,
    ///   ``EvaluationError/Code/invalidConfiguration`` for a bad configuration.
    public func noScoreZone(
        reference: MaskPlane, system: MaskPlane, optOutPixelValue: UInt8? = nil
    ) throws(EvaluationError) -> NoScoreZone {
        try configuration.validate()
        guard reference.width == system.width, reference.height == system.height else {
            throw EvaluationError(
                code: .sizeMismatch,
                message:
                    "reference mask is \(reference.width)x\(reference.height), "
                    + "system mask is \(system.width)x\(system.height)"
            )
        }
        let shape = configuration.kernelShape
        let erosion = configuration.erosionKernelSize
        let dilation = configuration.dilationKernelSize
        var values: [UInt8] = []
        if let global = configuration.noScorePixelValue { values.append(global) }
        if configuration.usesProbeOptOutPixelValue, let optOutPixelValue { values.append(optOutPixelValue) }
        return NoScoreZone(
            reference: reference, system: system,
            erosionKernel: erosion > 0 ? StructuringElement(shape: shape, size: erosion) : nil,
            dilationKernel: dilation > 0 ? StructuringElement(shape: shape, size: dilation) : nil,
            noScoreValues: values
        )
    }

    /// Scores one mask pair.
    /// - Parameters:
    ///   - reference: The reference mask; below 255 means manipulated.
    ///   - system: The system mask, the same size; at most the threshold means manipulated.
    ///   - optOutPixelValue: The probe's `ProbeOptOutPixelValue`, if any.
    ///   - fixedThreshold: A per-probe fixed threshold overriding the configuration's (for example a MediFor
    ///     result's `mask_threshold`).
    /// - Throws: As ``noScoreZone(reference:system:optOutPixelValue:)``, and
    ///   ``EvaluationError/Code/invalidConfiguration`` for a threshold outside −1...255.
    public func score(
        reference: MaskPlane, system: MaskPlane, optOutPixelValue: UInt8? = nil, fixedThreshold: Int? = nil
    ) throws(EvaluationError) -> MaskScore {
        let zone = try noScoreZone(reference: reference, system: system, optOutPixelValue: optOutPixelValue)
        let fixed = fixedThreshold ?? configuration.fixedThreshold
        if let fixed, !(-1...255).contains(fixed) {
            throw .invalidConfiguration("fixed threshold must be in -1...255, got \(fixed)")
        }
        let sweep = ThresholdSweep(reference: reference, system: system, zone: zone)
        let optimum = sweep.optimumThreshold.flatMap {
            MaskMetrics(threshold: $0, counts: sweep.counts(atThreshold: $0))
        }
        let pixel = sweep.pixelAUCAndEER
        return MaskScore(
            zone: zone,
            sweep: sweep,
            optimum: optimum,
            fixed: fixed.flatMap { MaskMetrics(threshold: $0, counts: sweep.counts(atThreshold: $0)) },
            gwl1: sweep.gwl1,
            pixelAUC: pixel?.auc,
            pixelEER: pixel?.eer
        )
    }

    /// Scores a probe whose system mask is missing or failed validation as an all-white mask (nothing detected),
    /// as MediScore does.
    /// - Throws: As ``score(reference:system:optOutPixelValue:fixedThreshold:)``.
    public func scoreBlank(reference: MaskPlane, fixedThreshold: Int? = nil) throws(EvaluationError) -> MaskScore {
        let blank = try MaskPlane(width: reference.width, height: reference.height, repeating: 255)
        return try score(reference: reference, system: blank, fixedThreshold: fixedThreshold)
    }
}
