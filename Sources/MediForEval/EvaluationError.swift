/// Why an evaluation input was rejected: a malformed CSV file, a missing column, masks of different sizes, an
/// impossible configuration value.
///
/// File errors carry the file name the caller gave and the 1-based line, so that ``description`` reads like a
/// compiler diagnostic: `ref.csv:12: IsTarget must be Y or N, got "yes"`.
public struct EvaluationError: Error, Hashable, Sendable {
    /// The kind of failure; new kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case malformedFile = "malformed file"
            case missingColumn = "missing column"
            case invalidValue = "invalid value"
            case duplicateKey = "duplicate key"
            case sizeMismatch = "size mismatch"
            case invalidConfiguration = "invalid configuration"
            case unreadableFile = "unreadable file"
        }
        private let kind: Kind

        /// The text does not parse as a pipe-separated table (unterminated quote, wrong number of fields).
        public static let malformedFile = Code(kind: .malformedFile)
        /// A required column is absent from the header.
        public static let missingColumn = Code(kind: .missingColumn)
        /// A field holds a value outside its column's domain, or a scorer input is unusable (a NaN score).
        public static let invalidValue = Code(kind: .invalidValue)
        /// Two rows share a trial key.
        public static let duplicateKey = Code(kind: .duplicateKey)
        /// A reference and a system mask differ in size.
        public static let sizeMismatch = Code(kind: .sizeMismatch)
        /// A configuration value is out of range (an even kernel size, a threshold outside -1...255).
        public static let invalidConfiguration = Code(kind: .invalidConfiguration)
        /// The file could not be read or is not UTF-8.
        public static let unreadableFile = Code(kind: .unreadableFile)

        /// The kind's name, for example `missing column`.
        public var description: String { kind.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What is wrong, without the file and line.
    public var message: String
    /// The file name as the caller gave it, when the input came from a file.
    public var file: String?
    /// The 1-based line in ``file``; line 1 is the header.
    public var line: Int?

    /// Creates an error.
    public init(code: Code, message: String, file: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    static func invalidValue(_ message: String) -> EvaluationError {
        EvaluationError(code: .invalidValue, message: message)
    }

    static func invalidConfiguration(_ message: String) -> EvaluationError {
        EvaluationError(code: .invalidConfiguration, message: message)
    }
}

extension EvaluationError: CustomStringConvertible {
    /// `file:line: message`, or as much of it as is known.
    public var description: String {
        switch (file, line) {
        case (let file?, let line?): "\(file):\(line): \(message)"
        case (let file?, nil): "\(file): \(message)"
        case (nil, _): message
        }
    }
}
