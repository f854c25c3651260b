/// An analytic that does no analysis: it answers score 0 at once without decoding the file. It exists to measure
/// the workflow's own overhead (`medifor bench pipeline`) and to check a deployment end to end; it is not listed
/// among the built-ins `medifor serve` runs by default.
struct NoOpAnalytic: ForensicAnalytic {
    let descriptor = AnalyticDescriptor(
        id: "noop", name: "No-op", summary: "Answers score 0 without looking at the file (for benchmarks and checks).",
        citation: "none: not a forensic method")

    func analyze(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        AnalysisResult(score: 0, explanation: "no analysis performed (\(input.data.count) bytes)")
    }
}
