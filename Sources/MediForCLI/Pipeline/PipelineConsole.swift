import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The terminal side of a client command: results on standard output; errors, notes and one progress line on
/// standard error.
///
/// On a terminal the progress line is redrawn in place with `\r` and erased before any other line is written, so
/// results and errors never mix with it. When standard error is not a terminal (a log file, CI), each progress
/// update is a line of its own.
package final class PipelineConsole {
    private let showsProgress: Bool
    private let isTerminal: Bool
    private let writeError: (String) -> Void
    private let writeOutput: (String) -> Void
    private var progressVisible = false
    private var lastProgress = ""

    /// Creates a console.
    ///
    /// - Parameters:
    ///   - showsProgress: whether ``progress(_:)`` writes anything.
    ///   - isTerminal: whether standard error is a terminal; detected by default.
    ///   - writeError: writes to standard error; tests capture it.
    ///   - writeOutput: writes to standard output; tests capture it.
    package init(
        showsProgress: Bool = true,
        isTerminal: Bool = isatty(STDERR_FILENO) == 1,
        writeError: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) },
        writeOutput: @escaping (String) -> Void = { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    ) {
        self.showsProgress = showsProgress
        self.isTerminal = isTerminal
        self.writeError = writeError
        self.writeOutput = writeOutput
    }

    /// Shows `text` as the current progress (`[12/200] photo.jpg`); an unchanged text is not written again.
    package func progress(_ text: String) {
        guard showsProgress, text != lastProgress else { return }
        lastProgress = text
        if isTerminal {
            writeError("\r\u{1B}[K" + text)
            progressVisible = true
        } else {
            writeError(text + "\n")
        }
    }

    /// Erases the progress line, if one is shown.
    package func finishProgress() {
        if progressVisible { writeError("\r\u{1B}[K") }
        progressVisible = false
        lastProgress = ""
    }

    /// Writes a result line to standard output.
    package func output(_ line: String) {
        finishProgress()
        writeOutput(line + "\n")
    }

    /// Writes a note (`skipped …`, warnings) to standard error.
    package func note(_ line: String) {
        finishProgress()
        writeError(line + "\n")
    }

    /// Writes `error: <text>` to standard error.
    package func error(_ text: String) {
        note("error: " + text)
    }
}
