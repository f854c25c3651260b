/// A path-prefix translation between the caller's view of shared storage and an analytic's
/// (`--xin`/`--xout`/`--xfin`, `<caller prefix>:<analytic prefix>`), applied on whole path components.
public struct PathMapping: Sendable, Hashable, CustomStringConvertible {
    /// The prefix in the caller's (workflow's) view.
    public var callerPrefix: String
    /// The same location in the analytic's view.
    public var remotePrefix: String

    /// A mapping from `callerPrefix` to `remotePrefix`.
    public init(callerPrefix: String, remotePrefix: String) {
        self.callerPrefix = Self.trimmed(callerPrefix)
        self.remotePrefix = Self.trimmed(remotePrefix)
    }

    /// Parses `A:B`.
    ///
    /// - Throws: ``PathMappingError`` when there is no `:` or a side is empty.
    public init(parsing text: String) throws(PathMappingError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw PathMappingError("path mapping \"\(text)\" must look like /caller/prefix:/analytic/prefix")
        }
        self.init(callerPrefix: String(parts[0]), remotePrefix: String(parts[1]))
    }

    /// Caller view → analytic view.
    public func forward(_ path: String) throws(PathMappingError) -> String {
        try Self.replace(prefix: callerPrefix, with: remotePrefix, in: path)
    }

    /// Analytic view → caller view.
    public func reverse(_ path: String) throws(PathMappingError) -> String {
        try Self.replace(prefix: remotePrefix, with: callerPrefix, in: path)
    }

    public var description: String { "\(callerPrefix):\(remotePrefix)" }

    private static func replace(prefix: String, with replacement: String, in path: String) throws(PathMappingError)
        -> String
    {
        guard !path.isEmpty, prefix != replacement else { return path }
        if path == prefix { return replacement }
        let withSlash = prefix == "/" ? "/" : prefix + "/"
        guard path.hasPrefix(withSlash) else {
            throw PathMappingError("\(path) is not under \(prefix)")
        }
        let rest = path.dropFirst(withSlash.count)
        return (replacement == "/" ? "" : replacement) + "/" + rest
    }

    private static func trimmed(_ prefix: String) -> String {
        var value = prefix
        while value.count > 1 && value.hasSuffix("/") { value.removeLast() }
        return value
    }
}

/// A path that a mapping cannot translate.
public struct PathMappingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
