import Foundation

extension DetectionSummary {
    /// The current form of MediScore's detection report header.
    public static let mediScoreReportHeader = [
        "TRR", "SYS_RESPONSE", "AUC", "EER", "FAR_STOP", "AUC@FAR", "CDR@FAR", "CI_LEVEL", "AUC_CI_LOWER",
        "AUC_CI_UPPER",
        "AUC_CI_LOWER@FAR", "AUC_CI_UPPER@FAR", "CDR_CI_LOWER@FAR", "CDR_CI_UPPER@FAR",
    ]

    /// The summary as MediScore's `*_report.csv` (current form), so that its check files can be compared field by
    /// field: metrics rounded to six decimals, the TRR to two, CI columns 0 when intervals were not computed, and
    /// undefined metrics as empty fields (pandas writes NaN that way).
    /// - Parameters:
    ///   - farStop: `FAR_STOP`, used when the metrics are undefined and so do not carry it.
    ///   - ciLevel: `CI_LEVEL`, written even without intervals as MediScore does (default 0.9).
    public func mediScoreReport(farStop: Double = 0.1, ciLevel: Double = 0.9) -> PipeTable {
        func number(_ value: Double?) -> String {
            guard let value else { return "" }
            return Self.pythonStyle((value * 1_000_000).rounded() / 1_000_000)
        }
        let intervals = metrics?.confidenceIntervals
        let row = [
            Self.pythonStyle((trialResponseRate * 100).rounded() / 100), systemResponse.rawValue,
            number(metrics?.auc), number(metrics?.eer), number(metrics?.farStop ?? farStop),
            number(metrics?.partialAUC), number(metrics?.tprAtFARStop), number(intervals?.level ?? ciLevel),
            number(intervals?.auc.lower ?? 0), number(intervals?.auc.upper ?? 0),
            number(intervals?.partialAUC.lower ?? 0), number(intervals?.partialAUC.upper ?? 0),
            number(intervals?.tprAtFARStop.lower ?? 0), number(intervals?.tprAtFARStop.upper ?? 0),
        ]
        return PipeTable(header: Self.mediScoreReportHeader, rows: [row], fileName: "report.csv")
    }

    /// Swift's shortest round-trip text (`0.333333`, `1.0`), except exact zero as `0`, which is how MediScore's
    /// check files print them.
    private static func pythonStyle(_ value: Double) -> String {
        value == 0 ? "0" : "\(value)"
    }
}
