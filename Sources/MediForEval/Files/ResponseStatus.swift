/// Values of the newer `ProbeStatus` column (and of `DonorStatus` for splice).
public enum ProbeStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// The system processed the probe.
    case processed = "Processed"
    /// The system failed on the probe; scored and penalised.
    case nonProcessed = "NonProcessed"
    /// The system declined both detection and localization.
    case optOutAll = "OptOutAll"
    /// The system declined detection only.
    case optOutDetection = "OptOutDetection"
    /// The system declined localization only.
    case optOutLocalization = "OptOutLocalization"
    /// The output failed validation; its mask is scored as blank.
    case failedValidation = "FailedValidation"
    /// Video: temporal localization declined.
    case optOutTemporal = "OptOutTemporal"
    /// Video: spatial localization declined.
    case optOutSpatial = "OptOutSpatial"
}

/// Values of the older `IsOptOut` column.
public enum OptOutFlag: String, Hashable, Sendable, Codable, CaseIterable {
    /// Declined (`Y`).
    case yes = "Y"
    /// Processed (`N`).
    case no = "N"
    /// A score was given but no mask (`Localization`).
    case localization = "Localization"
    /// Detection declined, mask given (`Detection`).
    case detection = "Detection"
    /// The output failed validation (`FailedValidation`).
    case failedValidation = "FailedValidation"
}

/// A system's response status for one trial, in whichever column form its file used.
///
/// The two forms do not map onto each other exactly (MediScore keeps `FailedValidation` for detection under
/// `ProbeStatus` but drops it under `IsOptOut`), so the form is kept.
public enum ResponseStatus: Hashable, Sendable, Codable {
    /// From an `IsOptOut` column.
    case optOutFlag(OptOutFlag)
    /// From a `ProbeStatus` column.
    case probeStatus(ProbeStatus)

    /// Whether the trial stays in detection scoring under opt-out filtering (MediScore `is_optout`): `IsOptOut` in
    /// {`N`, `Localization`}, or `ProbeStatus` in {`Processed`, `NonProcessed`, `OptOutLocalization`,
    /// `FailedValidation`, `OptOutTemporal`, `OptOutSpatial`}.
    public var isScoredForDetection: Bool {
        switch self {
        case .optOutFlag(let flag): flag == .no || flag == .localization
        case .probeStatus(let status):
            switch status {
            case .processed, .nonProcessed, .optOutLocalization, .failedValidation, .optOutTemporal, .optOutSpatial:
                true
            case .optOutAll, .optOutDetection: false
            }
        }
    }

    /// Whether the trial stays in localization scoring under opt-out filtering (MediScore's MaskScorer):
    /// `IsOptOut` in {`N`, `Detection`, `FailedValidation`}, or `ProbeStatus` in {`Processed`, `NonProcessed`,
    /// `OptOutDetection`, `FailedValidation`}. `NonProcessed` stays and is scored with whatever mask was given.
    public var isScoredForLocalization: Bool {
        switch self {
        case .optOutFlag(let flag): flag == .no || flag == .detection || flag == .failedValidation
        case .probeStatus(let status):
            switch status {
            case .processed, .nonProcessed, .optOutDetection, .failedValidation: true
            case .optOutAll, .optOutLocalization, .optOutTemporal, .optOutSpatial: false
            }
        }
    }

    /// Whether the system mask is replaced by an all-white one (nothing detected), as MediScore does for
    /// `FailedValidation`, with or without opt-out filtering.
    public var scoresAsBlankMask: Bool {
        self == .optOutFlag(.failedValidation) || self == .probeStatus(.failedValidation)
    }
}
