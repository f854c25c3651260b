/// Why fusion training could not run: a missing or malformed input file, an unknown analytic id, too few hosts, or
/// a split whose training or test part has only one class.
public struct FusionTrainingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the file, id or value.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
