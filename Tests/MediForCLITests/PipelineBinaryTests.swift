import Foundation
import Testing

/// The Pipeline client commands run as a user would, on paths that need no Pipeline server.
@Suite("medifor pipeline client binary: exit statuses without a server")
struct PipelineBinaryTests {
    @Test("the root help lists the client commands")
    func help() throws {
        let (status, output) = try Binary.run(["--help"])
        #expect(status == 0)
        for command in ["detect", "list", "info", "tags", "delete", "taginfo", "analytics", "health"] {
            #expect(output.contains("  \(command)"), "\(command) missing from --help")
        }
    }

    @Test("an unreachable server exits 3 with the gRPC code and a hint, not a debug dump", arguments: [
        ["health"], ["list"], ["info", "abc"], ["analytics"], ["delete", "abc"],
    ])
    func unreachable(arguments: [String]) throws {
        // Port 1 (tcpmux) is privileged and not served on any machine we run on: the connection is refused.
        let (status, output) = try Binary.run(arguments + ["--addr", "127.0.0.1:1", "--timeout", "5"])
        #expect(status == 3, "\(output)")
        #expect(output.hasPrefix("error: UNAVAILABLE: "), "\(output)")
        #expect(output.contains("127.0.0.1:1"))
        #expect(!output.contains("RPCError") && !output.contains("Fatal error"))
    }

    @Test("bad usage exits 64 and names the option")
    func usage() throws {
        let (status, output) = try Binary.run(["list", "--above", "0.5"])
        #expect(status == 64)
        #expect(output.contains("--above and --below need --fuser"))
    }

    @Test("nothing to submit exits 1 after saying what was skipped, before contacting the server")
    func nothingToSubmit() throws {
        let tree = try TemporaryTree()
        let notes = try tree.write("notes.txt", Array("hello".utf8))
        let (status, output) = try Binary.run([
            "detect", notes, tree.root + "/missing.jpg", "--storage-root", tree.root + "/storage", "--addr",
            "127.0.0.1:1",
        ])
        #expect(status == 1)
        #expect(output.contains("skipped \(notes): not an image or video"))
        #expect(output.contains("error: \(tree.root)/missing.jpg: no such file or folder"))
        #expect(output.contains("error: no image or video files to submit"))
        #expect(!output.contains("UNAVAILABLE"))
    }
}
