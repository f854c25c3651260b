/// Why a benchmark could not be generated: no usable host photos, an output folder that is not empty, a file
/// that could not be written.
public struct BenchmarkError: Error, Hashable, Sendable {
    /// The kind of failure; new kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case hostsNotFound = "hosts not found"
            case noUsableHosts = "no usable hosts"
            case outputNotEmpty = "output not empty"
            case writeFailed = "write failed"
            case imagingFailed = "imaging failed"
        }
        private let kind: Kind

        /// The hosts folder does not exist or is not a readable folder.
        public static let hostsNotFound = Code(kind: .hostsNotFound)
        /// The hosts folder holds too few decodable photographs.
        public static let noUsableHosts = Code(kind: .noUsableHosts)
        /// The output folder exists and is not empty, and replacing it was not asked for.
        public static let outputNotEmpty = Code(kind: .outputNotEmpty)
        /// A file or folder under the output could not be written.
        public static let writeFailed = Code(kind: .writeFailed)
        /// Encoding or decoding an image failed while building a probe.
        public static let imagingFailed = Code(kind: .imagingFailed)

        /// The kind's name, for example `no usable hosts`.
        public var description: String { kind.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What is wrong, naming the folder or file concerned.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }
}

extension BenchmarkError: CustomStringConvertible {
    /// The message.
    public var description: String { message }
}
