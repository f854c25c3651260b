import Foundation

extension ScoreReport {
    /// The systems ranked for display: AUC descending, systems with an undefined AUC last, ties by name.
    public var systemsByAUC: [SystemScore] {
        systems.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element.detection.metrics?.auc, rhs.element.detection.metrics?.auc)
            switch (left, right) {
            case let (left?, right?) where left != right: return left > right
            case (.some, nil): return true
            case (nil, .some): return false
            default:
                if lhs.element.name != rhs.element.name { return lhs.element.name < rhs.element.name }
                return lhs.offset < rhs.offset
            }
        }.map(\.element)
    }

    /// A compact terminal summary for people: one row per system, best AUC first, with three decimals; then, per
    /// partition factor, the AUC of every system for every value; then a legend of the columns.
    public func summaryText() -> String {
        var sections: [String] = []
        if let title { sections.append(title + "\n") }
        sections.append(summaryTable().rendered())
        for factors in partitionFactorGroups {
            sections.append(factorTable(factors).rendered())
        }
        sections.append(legend())
        return sections.joined(separator: "\n")
    }

    /// The factor lists the systems are partitioned by, in order of first appearance.
    var partitionFactorGroups: [[String]] {
        var groups: [[String]] = []
        for system in systems {
            for group in system.partitionGroups where !groups.contains(group.factors) { groups.append(group.factors) }
        }
        return groups
    }

    private var fixedThresholdLabel: String {
        maskConfiguration?.fixedThreshold.map { "@\($0)" } ?? "fixed"
    }

    private func summaryTable() -> TextTable {
        let configuration = detectionConfiguration
        let farStop = ReportFormat.label(configuration.farStop)
        var header = ["System", "Trials (T/N)", "TRR", "AUC"]
        let intervals = configuration.bootstrap != nil
        if let bootstrap = configuration.bootstrap { header.append("\(ReportFormat.label(bootstrap.level * 100))% CI") }
        header += ["EER", "pAUC@\(farStop)"]
        header += configuration.operatingFPRs.map { "TPR@\(ReportFormat.label($0))" }
        let localization = systems.contains { $0.localization != nil }
        if localization {
            header += ["Masks", "MCC opt", "F1 opt", "MCC \(fixedThresholdLabel)", "F1 \(fixedThresholdLabel)"]
        }
        var table = TextTable(header: header)
        for system in systemsByAUC {
            let detection = system.detection
            let metrics = detection.metrics
            var row = [
                system.name, "\(detection.totalTrials) (\(detection.targetCount)/\(detection.nonTargetCount))",
                ReportFormat.rate(detection.trialResponseRate), ReportFormat.short(metrics?.auc),
            ]
            if intervals { row.append(ReportFormat.interval(metrics?.confidenceIntervals?.auc)) }
            row += [ReportFormat.short(metrics?.eer), ReportFormat.short(metrics?.partialAUC)]
            for rate in configuration.operatingFPRs {
                row.append(ReportFormat.short(metrics?.operatingPoints.first { $0.fpr == rate }?.tpr))
            }
            if localization {
                if let summary = system.localization {
                    row += [
                        "\(summary.scoredProbes)/\(summary.totalProbes)", ReportFormat.short(summary.optimum.mcc?.mean),
                        ReportFormat.short(summary.optimum.f1?.mean), ReportFormat.short(summary.fixed?.mcc?.mean),
                        ReportFormat.short(summary.fixed?.f1?.mean),
                    ]
                } else {
                    row += ["-", "-", "-", "-", "-"]
                }
            }
            table.rows.append(row)
        }
        return table
    }

    /// Systems down, factor values across, AUC in the cells; the first row gives each cell's trial counts.
    private func factorTable(_ factors: [String]) -> TextTable {
        let ranked = systemsByAUC
        let groups = ranked.map { system in system.partitionGroups.first { $0.factors == factors } }
        var columns: [[String]] = []
        for group in groups.compactMap({ $0 }) {
            for cell in group.cells where !columns.contains(cell.factors.map(\.value)) {
                columns.append(cell.factors.map(\.value))
            }
        }
        let label = "AUC by " + factors.joined(separator: " × ")
        let allNonTargets = groups.contains { $0?.cells.contains(where: \.comparesWithAllNonTargets) == true }
        var table = TextTable(
            header: [label + (allNonTargets ? " (vs all non-targets)" : "")]
                + columns.map { $0.map { $0.isEmpty ? "(blank)" : $0 }.joined(separator: " × ") })
        let first = groups.compactMap { $0 }.first
        table.rows.append(
            ["trials (T/N)"]
                + columns.map { values in
                    guard let summary = first?.cell(values)?.summary else { return "-" }
                    return "\(summary.targetCount)/\(summary.nonTargetCount)"
                })
        for (system, group) in zip(ranked, groups) {
            table.rows.append(
                [system.name]
                    + columns.map { values in
                        guard let cell = group?.cell(values) else { return "-" }
                        return ReportFormat.short(cell.summary.metrics?.auc)
                    })
        }
        return table
    }

    private func legend() -> String {
        var lines = [
            "AUC: area under the ROC curve (1 = perfect, 0.5 = chance); EER: equal error rate (lower is better);",
            "pAUC@\(ReportFormat.label(detectionConfiguration.farStop)): ROC area up to that false positive rate "
                + "(at most \(ReportFormat.label(detectionConfiguration.farStop)));",
            "TPR@x: share of manipulated probes caught when a share x of clean probes is flagged;",
            "TRR: share of trials the system answered; T/N: manipulated/clean trials.",
        ]
        if systems.contains(where: { $0.localization != nil }) {
            let fixed = maskConfiguration?.fixedThreshold.map { "gray level ≤ \($0) counts as manipulated" }
                ?? "at the fixed threshold"
            lines += [
                "Masks: manipulated probes with a reference mask scored / all of them; MCC and F1 are means over them,",
                "at each probe's best threshold (opt) and with \(fixed); 1 is perfect, MCC 0 is chance.",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ReportFormat {
    /// Three decimals, for the compact summary.
    static func short(_ value: Double?) -> String {
        guard let value else { return "-" }
        return String(format: "%.3f", value)
    }

    /// `[lower, upper]` with three decimals.
    static func interval(_ value: ConfidenceInterval?) -> String {
        guard let value else { return "-" }
        return "[\(short(value.lower)), \(short(value.upper))]"
    }
}
