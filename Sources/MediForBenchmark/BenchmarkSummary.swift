/// What a generated benchmark holds; written to `dataset.json` and printed by `medifor eval generate`.
public struct BenchmarkSummary: Hashable, Sendable, Codable {
    /// Probes of one operation.
    public struct OperationCount: Hashable, Sendable, Codable {
        /// The operation.
        public var operation: BenchmarkOperation
        /// Manipulated probes (`IsTarget` = Y).
        public var targets: Int
        /// Their matched controls (`IsTarget` = N).
        public var controls: Int
    }

    /// Names the program that wrote the benchmark.
    public var generator = "medifor eval generate"
    /// ``BenchmarkConfiguration/generatorVersion``.
    public var version = BenchmarkConfiguration.generatorVersion
    /// The seed.
    public var seed: UInt64
    /// The size preset's name.
    public var size: String
    /// All probes.
    public var probes: Int
    /// Manipulated probes.
    public var targets: Int
    /// The host photos used (their `HostID`s), in name order.
    public var hosts: [String]
    /// Host tiles cut from them.
    public var tiles: Int
    /// Counts per operation, in the order of ``BenchmarkOperation/allCases``.
    public var operations: [OperationCount]
    /// Files in the hosts folder that were skipped, one line each.
    public var warnings: [String]

    /// A plain-text table of the counts per operation, with a total row.
    public func table() -> String {
        var rows = operations.map { [$0.operation.rawValue, "\($0.targets)", "\($0.controls)"] }
        rows.append(["total", "\(targets)", "\(probes - targets)"])
        let header = ["operation", "targets", "controls"]
        let widths = (0..<3).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ fields: [String]) -> String {
            fields.enumerated().map { index, field in
                let padding = String(repeating: " ", count: widths[index] - field.count)
                return index == 0 ? field + padding : padding + field
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }
        return ([line(header), line(rule)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
