extension ScoreReport {
    /// The report as plain-text tables: detection per system, then each system's partition rows, then
    /// localization. Metrics have six decimals (MediScore's report precision), the TRR two; undefined metrics read
    /// `undefined`.
    public func renderedTable() -> String {
        var sections: [String] = []
        if let title { sections.append(title + "\n") }
        let farStop = ReportFormat.label(detectionConfiguration.farStop)
        let response = detectionConfiguration.appliesOptOut ? "opt-outs removed (tr)" : "all trials (all)"
        sections.append("Detection, FAR_STOP \(farStop), \(response)\n" + detectionTable().rendered())
        for system in systems {
            for group in system.partitionGroups {
                let factors = group.factors.joined(separator: " × ")
                sections.append("\(system.name) by \(factors)\n" + partitionTable(group).rendered())
            }
        }
        if systems.contains(where: { $0.localization != nil }) {
            sections.append(
                "Localization (mean ± sample standard deviation over probes)\n" + localizationTable().rendered())
        }
        return sections.joined(separator: "\n")
    }

    private var metricHeader: [String] {
        let farStop = ReportFormat.label(detectionConfiguration.farStop)
        var header = ["Trials", "Targets", "Non-targets", "TRR", "AUC", "EER", "AUC@\(farStop)"]
        header += detectionConfiguration.operatingFPRs.map { "TPR@\(ReportFormat.label($0))" }
        return header
    }

    private func metricFields(_ summary: DetectionSummary) -> [String] {
        var fields = [
            "\(summary.totalTrials)", "\(summary.targetCount)", "\(summary.nonTargetCount)",
            ReportFormat.rate(summary.trialResponseRate),
            ReportFormat.metric(summary.metrics?.auc), ReportFormat.metric(summary.metrics?.eer),
            ReportFormat.metric(summary.metrics?.partialAUC),
        ]
        for rate in detectionConfiguration.operatingFPRs {
            let point = summary.metrics?.operatingPoints.first { $0.fpr == rate }
            fields.append(ReportFormat.metric(point?.tpr))
        }
        return fields
    }

    private func detectionTable() -> TextTable {
        let withIntervals = detectionConfiguration.bootstrap != nil
        var header = ["System"] + metricHeader + ["d′"]
        if let bootstrap = detectionConfiguration.bootstrap {
            header.append("AUC \(ReportFormat.label(bootstrap.level * 100))% CI")
        }
        var table = TextTable(header: header)
        for system in systems {
            var row = [system.name] + metricFields(system.detection)
            row.append(ReportFormat.metric(system.detection.metrics?.dPrime))
            if withIntervals {
                let interval = system.detection.metrics?.confidenceIntervals?.auc
                row.append(
                    interval.map { "[\(ReportFormat.metric($0.lower)), \(ReportFormat.metric($0.upper))]" }
                        ?? ReportFormat.undefined)
            }
            table.rows.append(row)
        }
        return table
    }

    private func partitionTable(_ group: PartitionGroup) -> TextTable {
        var table = TextTable(header: group.factors + metricHeader)
        table.leftAligned = Set(group.factors.indices)
        for partition in group.cells {
            let labels = partition.factors.map { $0.value.isEmpty ? "(blank)" : $0.value }
            table.rows.append(labels + metricFields(partition.summary))
        }
        return table
    }

    private func localizationTable() -> TextTable {
        var header = [
            "System", "Probes", "Scored", "TRR", "Opt. threshold", "Opt. MCC", "Opt. F1", "Opt. NMM", "Opt. BWL1",
        ]
        header += ["Fixed t", "Fixed MCC", "Fixed F1", "Max t", "Max MCC", "GWL1"]
        var table = TextTable(header: header)
        for system in systems {
            guard let summary = system.localization else { continue }
            let optimum = summary.optimum
            table.rows.append([
                system.name, "\(summary.totalProbes)", "\(summary.scoredProbes)",
                ReportFormat.rate(summary.trialResponseRate),
                ReportFormat.statistics(optimum.threshold, decimals: 1), ReportFormat.statistics(optimum.mcc),
                ReportFormat.statistics(optimum.f1), ReportFormat.statistics(optimum.nmm),
                ReportFormat.statistics(optimum.bwl1),
                summary.fixed?.threshold.map { ReportFormat.label($0.mean) } ?? "-",
                summary.fixed.map { ReportFormat.statistics($0.mcc) } ?? "-",
                summary.fixed.map { ReportFormat.statistics($0.f1) } ?? "-",
                summary.maximum?.threshold.map { ReportFormat.label($0.mean) } ?? ReportFormat.undefined,
                ReportFormat.statistics(summary.maximum?.mcc),
                ReportFormat.statistics(summary.gwl1),
            ])
        }
        return table
    }
}
