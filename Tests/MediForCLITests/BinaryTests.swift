import Foundation
import Testing

/// Runs the built `medifor` executable as a user would.
enum Binary {
    static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["MEDIFOR_BIN"] { return explicit }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/medifor").path
    }

    /// Runs `medifor arguments` to completion and returns its exit status and combined output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

@Suite("medifor binary")
struct BinaryTests {
    @Test("help lists the subcommands and exits 0")
    func help() throws {
        let (status, output) = try Binary.run(["--help"])
        #expect(status == 0)
        for subcommand in ["serve", "queue", "bench"] { #expect(output.contains(subcommand)) }
    }

    @Test("a bad backend is refused with a clear message and a usage exit status")
    func badBackend() throws {
        let (status, output) = try Binary.run(["queue", "serve", "--backend", "mongodb://x"])
        #expect(status == 64)
        #expect(output.contains("unknown backend"))
    }

    @Test("an unknown subcommand fails")
    func unknownSubcommand() throws {
        let (status, _) = try Binary.run(["frobnicate"])
        #expect(status != 0)
    }
}
