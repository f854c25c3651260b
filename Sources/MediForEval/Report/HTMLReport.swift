/// A ``ScoreReport`` as one standalone HTML page: inline CSS and SVG, no scripts, fonts or external resources,
/// laid out to print.
///
/// The page holds a summary table of every system side by side (best AUC first), the ROC curves of all systems
/// overlaid with the chance diagonal and a legend, one small ROC plot per system, the localization table when
/// masks were scored, and one table per partition factor (systems down, factor values across, AUC in the
/// cells). Every piece of text from the report (system names, factor values, the title, notes) is escaped.
///
/// ```swift
/// let html = HTMLReport(report: report, notes: ["dataset: bench/ci"]).rendered()
/// try html.write(toFile: "report.html", atomically: true, encoding: .utf8)
/// ```
public struct HTMLReport: Sendable {
    /// The results to show.
    public var report: ScoreReport
    /// Lines shown under the title (dataset, date, options), as plain text.
    public var notes: [String]

    /// Creates a page.
    public init(report: ScoreReport, notes: [String] = []) {
        self.report = report
        self.notes = notes
    }

    /// The systems in display order (best AUC first) with their plot styles.
    var rankedSystems: [(system: SystemScore, color: String, dash: String?)] {
        report.systemsByAUC.enumerated().map { index, system in
            let style = SVGROCPlot.style(forIndex: index)
            return (system, style.color, style.dash)
        }
    }

    /// The whole page.
    public func rendered() -> String {
        let title = report.title.map { "Evaluation: \($0)" } ?? "Evaluation report"
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(HTMLText.escape(title))</title>\n<style>\n\(Self.styleSheet)</style>\n</head>\n<body>\n"
        html += "<header>\n<h1>\(HTMLText.escape(title))</h1>\n"
        for line in configurationLines + notes { html += "<p class=\"note\">\(HTMLText.escape(line))</p>\n" }
        html += "</header>\n"
        html += "<section>\n<h2>Detection summary</h2>\n\(summaryTable())</section>\n"
        html += rocSection()
        if report.systems.contains(where: { $0.localization != nil }) {
            html += "<section>\n<h2>Localization</h2>\n\(localizationTable())</section>\n"
        }
        let groups = report.partitionFactorGroups
        if !groups.isEmpty {
            html += "<section>\n<h2>By factor</h2>\n"
            for factors in groups { html += factorTable(factors) }
            html += "</section>\n"
        }
        html += "<footer>\n\(glossary())</footer>\n</body>\n</html>\n"
        return html
    }

    /// How the numbers were computed, one sentence each.
    var configurationLines: [String] {
        let detection = report.detectionConfiguration
        var lines = [
            "Detection: MediScore's ROC (ties grouped, collinear points dropped); partial AUC and TPR read at FPR "
                + detection.operatingFPRs.map(ReportFormat.label).joined(separator: " and ")
                + (detection.appliesOptOut
                    ? "; trials a system declined are left out (opt-out filtering, TRR below 1)."
                    : "; every trial scored, declined ones with the lowest score."),
        ]
        if let bootstrap = detection.bootstrap {
            lines.append(
                "Intervals: \(ReportFormat.label(bootstrap.level * 100)) % bootstrap over \(bootstrap.resamples) "
                    + "resamples of the trials.")
        }
        if let masks = report.maskConfiguration {
            var text =
                "Localization: no-score ring from erosion \(masks.erosionKernelSize) / dilation "
                + "\(masks.dilationKernelSize) (\(masks.kernelShape.rawValue) kernels)"
            if let fixed = masks.fixedThreshold { text += "; fixed threshold: gray level ≤ \(fixed) is manipulated" }
            lines.append(text + ".")
        }
        return lines
    }

    private func rocSection() -> String {
        let ranked = rankedSystems.filter { $0.system.detection.metrics != nil }
        guard !ranked.isEmpty else {
            return "<section>\n<h2>ROC curves</h2>\n<p>No system has both targets and non-targets to plot.</p>\n"
                + "</section>\n"
        }
        let series = ranked.map { entry in
            SVGROCPlot.Series(
                label: "\(entry.system.name) (AUC \(ReportFormat.short(entry.system.detection.metrics?.auc)))",
                points: entry.system.detection.metrics?.roc.points ?? [], color: entry.color, dash: entry.dash)
        }
        var html = "<section>\n<h2>ROC curves</h2>\n<figure class=\"overlay\">\n"
        html += SVGROCPlot(series: series, title: "ROC curves of all systems").rendered()
        html += "\n<figcaption>All systems; the dashed diagonal is chance.</figcaption>\n</figure>\n"
        html += "<div class=\"small-multiples\">\n"
        for (entry, curve) in zip(ranked, series) {
            let plot = SVGROCPlot(
                series: [curve], title: "ROC curve of \(entry.system.name)",
                geometry: SVGROCPlot.Geometry(left: 40, top: 10, side: 180), showsLegend: false)
            html += "<figure class=\"single\">\n\(plot.rendered())\n<figcaption>"
            html += "<strong>\(HTMLText.escape(entry.system.name))</strong><br>"
            html += HTMLText.escape(caption(entry.system))
            html += "</figcaption>\n</figure>\n"
        }
        html += "</div>\n</section>\n"
        return html
    }

    private func caption(_ system: SystemScore) -> String {
        guard let metrics = system.detection.metrics else { return "undefined" }
        var text = "AUC \(ReportFormat.short(metrics.auc))"
        if let interval = metrics.confidenceIntervals?.auc { text += " \(ReportFormat.interval(interval))" }
        text += ", EER \(ReportFormat.short(metrics.eer))"
        return text
    }

    static let styleSheet = """
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222;
          margin: 24px auto; max-width: 1180px; padding: 0 16px; }
        h1 { font-size: 22px; margin: 0 0 6px; } h2 { font-size: 18px; margin: 28px 0 8px;
          border-bottom: 1px solid #ddd; padding-bottom: 4px; } h3 { font-size: 15px; margin: 18px 0 6px; }
        p.note { margin: 2px 0; color: #555; font-size: 13px; }
        table { border-collapse: collapse; margin: 6px 0 12px; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid #d6d6d6; padding: 3px 8px; text-align: right; white-space: nowrap; }
        th { background: #f3f3f3; font-weight: 600; } td.name, th.name { text-align: left; }
        tr:nth-child(even) td { background: #fafafa; } td.undefined { color: #999; }
        span.swatch { display: inline-block; width: 18px; height: 0; margin-right: 6px; vertical-align: middle; }
        span.ci { color: #666; font-size: 12px; }
        figure { margin: 8px 0; } figcaption { font-size: 12px; color: #444; }
        .small-multiples { display: flex; flex-wrap: wrap; gap: 8px 16px; }
        figure.single { width: 240px; }
        svg.roc { font-size: 11px; } svg.roc .frame { fill: #fff; stroke: #444; }
        svg.roc .grid { stroke: #e6e6e6; } svg.roc .tick { stroke: #444; }
        svg.roc .chance { stroke: #888; stroke-dasharray: 4 4; }
        svg.roc .curve { stroke-width: 2; fill: none; }
        svg.roc .xtick, svg.roc .xlabel, svg.roc .ylabel { text-anchor: middle; } svg.roc .ytick { text-anchor: end; }
        footer { margin-top: 32px; font-size: 12px; color: #555; border-top: 1px solid #ddd; }
        footer dt { font-weight: 600; } footer dd { margin: 0 0 4px 16px; }
        div.scroll { overflow-x: auto; max-width: 100%; }
        @media print { body { margin: 0; max-width: none; font-size: 11px; } figure, table { break-inside: avoid; }
          div.scroll { overflow: visible; } th, td { padding: 2px 4px; } tr:nth-child(even) td { background: none; } }

        """
}
