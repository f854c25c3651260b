/// One partition of a system's trials: the factors it splits by and one detection summary per cell.
public struct PartitionGroup: Hashable, Sendable {
    /// The factors, for example `["Operation"]` or `["Operation", "Q1"]`.
    public var factors: [String]
    /// The cells, in the order the report lists them.
    public var cells: [DetectionPartition]

    /// Creates a group.
    public init(factors: [String], cells: [DetectionPartition]) {
        self.factors = factors
        self.cells = cells
    }

    /// The cell whose factor values are `values` (in the order of ``factors``), if it occurs.
    public func cell(_ values: [String]) -> DetectionPartition? {
        cells.first { $0.factors.map(\.value) == values }
    }
}

extension SystemScore {
    /// ``partitions`` grouped into partitions: consecutive rows that split by the same factor names form one group.
    public var partitionGroups: [PartitionGroup] {
        var groups: [PartitionGroup] = []
        for partition in partitions {
            let names = partition.factors.map(\.name)
            if let last = groups.indices.last, groups[last].factors == names {
                groups[last].cells.append(partition)
            } else {
                groups.append(PartitionGroup(factors: names, cells: [partition]))
            }
        }
        return groups
    }
}
