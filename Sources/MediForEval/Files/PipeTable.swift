import Foundation

/// A pipe-separated table as MediScore writes and reads them: one header row, `|` between fields, fields quoted
/// with `"` when needed (`""` inside a quoted field is one quote), empty fields as `||`.
///
/// Parsing keeps the 1-based line of every row, so the typed readers built on it report errors as `file:line`.
/// Blank lines are skipped, as pandas skips them; a leading UTF-8 byte-order mark is ignored.
public struct PipeTable: Hashable, Sendable {
    /// One data row and where it came from.
    public struct Row: Hashable, Sendable {
        /// The 1-based line in the file; the header is line 1.
        public var line: Int
        /// The fields, as many as the header has columns.
        public var fields: [String]

        /// Creates a row.
        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    /// The column names.
    public var header: [String]
    /// The data rows.
    public var rows: [Row]
    /// The file name used in error messages.
    public var fileName: String

    /// Creates a table from values, numbering the rows from line 2.
    public init(header: [String], rows: [[String]], fileName: String = "<table>") {
        self.header = header
        self.rows = rows.enumerated().map { Row(line: $0.offset + 2, fields: $0.element) }
        self.fileName = fileName
    }

    /// Parses text.
    /// - Parameters:
    ///   - text: The file's contents.
    ///   - fileName: The name to put in error messages.
    /// - Throws: ``EvaluationError/Code/malformedFile`` for an empty file, an unterminated quote, text after a
    ///   closing quote, a duplicate column, or a row with the wrong number of fields.
    public init(parsing text: String, fileName: String) throws(EvaluationError) {
        self.fileName = fileName
        var header: [String]?
        var rows: [Row] = []
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so split on each line-break spelling explicitly.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for rawLine in lines {
            lineNumber += 1
            var line = rawLine
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = try Self.splitFields(line, fileName: fileName, line: lineNumber)
            if let header {
                guard fields.count == header.count else {
                    throw EvaluationError(
                        code: .malformedFile,
                        message: "expected \(header.count) fields as in the header, found \(fields.count)",
                        file: fileName, line: lineNumber)
                }
                rows.append(Row(line: lineNumber, fields: fields))
            } else {
                var seen = Set<String>()
                for name in fields where !seen.insert(name).inserted {
                    throw EvaluationError(
                        code: .malformedFile, message: "column \"\(name)\" appears twice in the header",
                        file: fileName, line: lineNumber)
                }
                header = fields
            }
        }
        guard let header else {
            throw EvaluationError(
                code: .malformedFile, message: "the file is empty; expected a header row", file: fileName)
        }
        self.header = header
        self.rows = rows
    }

    /// Reads and parses a file; error messages name it by `url.path`.
    /// - Throws: ``EvaluationError/Code/unreadableFile`` when it cannot be read as UTF-8, else as
    ///   ``init(parsing:fileName:)``.
    public init(contentsOf url: URL) throws(EvaluationError) {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw EvaluationError(code: .unreadableFile, message: "cannot read the file as UTF-8 text", file: url.path)
        }
        try self.init(parsing: text, fileName: url.path)
    }

    /// The index of a column, or `nil`.
    public func columnIndex(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// The index of a column that must be present.
    /// - Throws: ``EvaluationError/Code/missingColumn`` naming the column and the file.
    public func requiredColumn(_ name: String) throws(EvaluationError) -> Int {
        guard let index = columnIndex(name) else {
            throw EvaluationError(
                code: .missingColumn,
                message: "missing column \"\(name)\"; the header is \(header.joined(separator: "|"))",
                file: fileName, line: 1)
        }
        return index
    }

    /// An error about one row, positioned at its line.
    public func error(_ code: EvaluationError.Code, _ message: String, row: Row) -> EvaluationError {
        EvaluationError(code: code, message: message, file: fileName, line: row.line)
    }

    /// The table as pipe-separated text with a trailing newline. Fields are quoted only when they contain `|`,
    /// `"`, a line break, or leading or trailing spaces.
    public func rendered() -> String {
        var text = ""
        text += header.map(Self.quoted).joined(separator: "|")
        text += "\n"
        for row in rows {
            text += row.fields.map(Self.quoted).joined(separator: "|")
            text += "\n"
        }
        return text
    }

    private static func quoted(_ field: String) -> String {
        let needsQuotes =
            field.contains { $0 == "|" || $0 == "\"" || $0.isNewline }
            || field.first == " " || field.last == " "
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func splitFields(
        _ line: Substring, fileName: String, line number: Int
    ) throws(EvaluationError) -> [String] {
        var fields: [String] = []
        var index = line.startIndex
        while true {
            if index < line.endIndex, line[index] == "\"" {
                var value = ""
                var cursor = line.index(after: index)
                var closed = false
                while cursor < line.endIndex {
                    let character = line[cursor]
                    cursor = line.index(after: cursor)
                    if character == "\"" {
                        if cursor < line.endIndex, line[cursor] == "\"" {
                            value.append("\"")
                            cursor = line.index(after: cursor)
                        } else {
                            closed = true
                            break
                        }
                    } else {
                        value.append(character)
                    }
                }
                guard closed else {
                    throw EvaluationError(
                        code: .malformedFile, message: "unterminated quoted field \(fields.count + 1)",
                        file: fileName, line: number)
                }
                fields.append(value)
                index = cursor
                if index == line.endIndex { return fields }
                guard line[index] == "|" else {
                    throw EvaluationError(
                        code: .malformedFile,
                        message: "unexpected \"\(line[index])\" after the closing quote of field \(fields.count)",
                        file: fileName, line: number)
                }
                index = line.index(after: index)
            } else {
                let end = line[index...].firstIndex(of: "|") ?? line.endIndex
                fields.append(String(line[index..<end]))
                if end == line.endIndex { return fields }
                index = line.index(after: end)
            }
        }
    }
}
