import Foundation

extension HTMLReport {
    /// Every system side by side, best AUC first.
    func summaryTable() -> String {
        let detection = report.detectionConfiguration
        let farStop = ReportFormat.label(detection.farStop)
        var html = "<div class=\"scroll\"><table class=\"summary\">\n"
        html += "<thead><tr><th>#</th><th class=\"name\">System</th>"
        html += "<th>Trials</th><th>Targets</th><th>Non-targets</th><th>TRR</th><th>AUC</th>"
        if let bootstrap = detection.bootstrap {
            html += "<th>AUC \(ReportFormat.label(bootstrap.level * 100)) % CI</th>"
        }
        html += "<th>EER</th><th>pAUC@\(farStop)</th>"
        for rate in detection.operatingFPRs { html += "<th>TPR@\(ReportFormat.label(rate))</th>" }
        html += "<th>d′</th></tr></thead>\n<tbody>\n"
        for (rank, entry) in rankedSystems.enumerated() {
            let summary = entry.system.detection
            let metrics = summary.metrics
            html += "<tr><td>\(rank + 1)</td><td class=\"name\">"
            let line = entry.dash == nil ? "solid" : "dashed"
            html += "<span class=\"swatch\" style=\"border-top: 3px \(line) \(HTMLText.escape(entry.color))\"></span>"
            html += "\(HTMLText.escape(entry.system.name))</td>"
            html += "<td>\(summary.totalTrials)</td><td>\(summary.targetCount)</td><td>\(summary.nonTargetCount)</td>"
            html += "<td>\(ReportFormat.rate(summary.trialResponseRate))</td>" + cell(metrics?.auc)
            if detection.bootstrap != nil { html += intervalCell(metrics?.confidenceIntervals?.auc) }
            html += cell(metrics?.eer) + cell(metrics?.partialAUC)
            for rate in detection.operatingFPRs {
                let point = metrics?.operatingPoints.first { $0.fpr == rate }
                html += cell(point?.tpr, interval: point?.confidenceInterval)
            }
            html += cell(metrics?.dPrime) + "</tr>\n"
        }
        html += "</tbody>\n</table></div>\n"
        return html
    }

    /// Mask metrics per system: means over scored probes at the optimum and fixed thresholds.
    func localizationTable() -> String {
        let fixed = report.maskConfiguration?.fixedThreshold.map { "≤ \($0)" } ?? "fixed"
        var html = "<div class=\"scroll\"><table class=\"localization\">\n"
        html += "<thead><tr><th class=\"name\">System</th><th>Probes</th>"
        html += "<th>Scored</th><th>TRR</th><th>MCC opt</th><th>F1 opt</th><th>NMM opt</th><th>BWL1 opt</th>"
        html += "<th>Mean opt threshold</th><th>MCC \(HTMLText.escape(fixed))</th><th>F1 \(HTMLText.escape(fixed))</th>"
        html += "<th>Best single threshold</th><th>MCC there</th><th>GWL1</th></tr></thead>\n<tbody>\n"
        for entry in rankedSystems {
            guard let summary = entry.system.localization else { continue }
            html += "<tr><td class=\"name\">\(HTMLText.escape(entry.system.name))</td>"
            html += "<td>\(summary.totalProbes)</td><td>\(summary.scoredProbes)</td>"
            html += "<td>\(ReportFormat.rate(summary.trialResponseRate))</td>"
            html += cell(summary.optimum.mcc?.mean) + cell(summary.optimum.f1?.mean)
            html += cell(summary.optimum.nmm?.mean) + cell(summary.optimum.bwl1?.mean)
            html += cell(summary.optimum.threshold?.mean, decimals: 1)
            html += cell(summary.fixed?.mcc?.mean) + cell(summary.fixed?.f1?.mean)
            html += cell(summary.maximum?.threshold?.mean, decimals: 0) + cell(summary.maximum?.mcc?.mean)
            html += cell(summary.gwl1?.mean) + "</tr>\n"
        }
        html += "</tbody>\n</table></div>\n"
        return html
    }

    /// One partition: systems down, values across, AUC per cell (details in the cell's tooltip).
    func factorTable(_ factors: [String]) -> String {
        let ranked = rankedSystems
        let groups = ranked.map { entry in entry.system.partitionGroups.first { $0.factors == factors } }
        var columns: [[String]] = []
        for group in groups.compactMap({ $0 }) {
            for cell in group.cells where !columns.contains(cell.factors.map(\.value)) {
                columns.append(cell.factors.map(\.value))
            }
        }
        let name = factors.joined(separator: " × ")
        let againstAll = groups.contains { $0?.cells.contains(where: \.comparesWithAllNonTargets) == true }
        var html = "<h3>AUC by \(HTMLText.escape(name))</h3>\n"
        if againstAll {
            html += "<p class=\"note\">No clean probe shares a value with a manipulated one, so each column compares "
            html += "the manipulated probes with that value against all clean probes.</p>\n"
        }
        html += "<div class=\"scroll\"><table class=\"factor\" data-factor=\"\(HTMLText.escape(name))\">\n<thead><tr>"
        html += "<th class=\"name\">\(HTMLText.escape(name))</th>"
        for values in columns {
            let label = values.map { $0.isEmpty ? "(blank)" : $0 }.joined(separator: " × ")
            html += "<th>\(HTMLText.escape(label))</th>"
        }
        html += "</tr></thead>\n<tbody>\n<tr><td class=\"name\">trials (targets/non-targets)</td>"
        let first = groups.compactMap { $0 }.first
        for values in columns {
            guard let summary = first?.cell(values)?.summary else {
                html += "<td class=\"undefined\">-</td>"
                continue
            }
            html += "<td>\(summary.targetCount)/\(summary.nonTargetCount)</td>"
        }
        html += "</tr>\n"
        for (entry, group) in zip(ranked, groups) {
            html += "<tr><td class=\"name\">\(HTMLText.escape(entry.system.name))</td>"
            for values in columns {
                guard let partition = group?.cell(values) else {
                    html += "<td class=\"undefined\">-</td>"
                    continue
                }
                html += cell(partition.summary.metrics?.auc, tooltip: tooltip(partition.summary))
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table></div>\n"
        return html
    }

    /// Definitions of the columns, for readers new to the metrics.
    func glossary() -> String {
        let terms = [
            ("AUC", "Area under the ROC curve: the chance that a random manipulated probe scores higher than a random "
                + "clean one. 1 is perfect, 0.5 is chance."),
            ("EER", "Equal error rate: where the false positive and false negative rates meet. Lower is better."),
            ("pAUC@x", "ROC area up to false positive rate x, not normalised (its maximum is x)."),
            ("TPR@x", "Share of manipulated probes detected when the threshold flags a share x of the clean probes."),
            ("TRR", "Trial response rate: share of trials scored after leaving out those the system declined."),
            ("MCC, F1", "Pixel agreement of a system mask with the reference mask, averaged over manipulated probes "
                + "with a reference mask; 1 is perfect, MCC 0 is chance. 'opt' takes each probe's best threshold."),
        ]
        var html = "<dl>\n"
        for (term, definition) in terms {
            html += "<dt>\(HTMLText.escape(term))</dt><dd>\(HTMLText.escape(definition))</dd>\n"
        }
        return html + "</dl>\n"
    }

    private func tooltip(_ summary: DetectionSummary) -> String {
        var text = "\(summary.targetCount) targets, \(summary.nonTargetCount) non-targets"
        if let metrics = summary.metrics {
            text += "; EER \(ReportFormat.short(metrics.eer))"
            for point in metrics.operatingPoints {
                text += "; TPR@\(ReportFormat.label(point.fpr)) \(ReportFormat.short(point.tpr))"
            }
        }
        return text
    }

    private func cell(
        _ value: Double?, decimals: Int = 3, interval: ConfidenceInterval? = nil, tooltip: String? = nil
    ) -> String {
        let title = tooltip.map { " title=\"\(HTMLText.escape($0))\"" } ?? ""
        guard let value, value.isFinite else { return "<td class=\"undefined\"\(title)>undefined</td>" }
        var html = "<td\(title)>\(ReportFormat.fixed(value, decimals: decimals))"
        if let interval { html += " <span class=\"ci\">\(ReportFormat.interval(interval))</span>" }
        return html + "</td>"
    }

    private func intervalCell(_ interval: ConfidenceInterval?) -> String {
        guard let interval else { return "<td class=\"undefined\">-</td>" }
        return "<td>\(ReportFormat.interval(interval))</td>"
    }
}

extension ReportFormat {
    /// A number with `decimals` decimals.
    static func fixed(_ value: Double, decimals: Int) -> String {
        String(format: "%.\(max(decimals, 0))f", value)
    }
}
