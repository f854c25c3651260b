import Foundation
import MediForBenchmark
import Testing

/// Bad host folders and occupied output folders are refused with a clear error, and nothing is lost.
@Suite struct InputErrorTests {
    static let configuration = GeneratorTests.configuration(seed: 1, targets: 1)

    static func generate(hosts: URL, output: URL? = nil, replacing: Bool = false) throws -> BenchmarkSummary {
        try BenchmarkGenerator(configuration: configuration)
            .generate(hosts: hosts, output: output ?? TemporaryFolder.unusedPath("out"), replacingExisting: replacing)
    }

    @Test func missingHostsFolder() {
        let missing = TemporaryFolder.unusedPath("missing")
        #expect {
            _ = try Self.generate(hosts: missing)
        } throws: { error in
            guard let error = error as? BenchmarkError else { return false }
            return error.code == .hostsNotFound && error.message.contains(missing.path)
        }
    }

    @Test func emptyHostsFolder() throws {
        let empty = try TemporaryFolder.make("empty")
        #expect {
            _ = try Self.generate(hosts: empty)
        } throws: { error in
            guard let error = error as? BenchmarkError else { return false }
            return error.code == .noUsableHosts && error.message.contains("no usable host photo")
        }
    }

    @Test func onlyCorruptFiles() throws {
        let folder = try TemporaryFolder.make("corrupt")
        try Data("not an image".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00]).write(to: folder.appendingPathComponent("cut.jpg"))
        let truncatedPNG: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
        try Data(truncatedPNG).write(to: folder.appendingPathComponent("bad.png"))
        #expect {
            _ = try Self.generate(hosts: folder)
        } throws: { error in
            guard let error = error as? BenchmarkError else { return false }
            return error.code == .noUsableHosts && error.message.contains("3 files skipped")
                && error.message.contains("cut.jpg")
        }
    }

    @Test func oneUsablePhotoIsNotEnoughForSplices() throws {
        let folder = try SampleHosts.folder(["coffee.png"])
        try Data("junk".utf8).write(to: folder.appendingPathComponent("junk.jpg"))
        #expect {
            _ = try Self.generate(hosts: folder)
        } throws: { error in
            (error as? BenchmarkError)?.code == .noUsableHosts
                && (error as? BenchmarkError)?.message.contains("only one usable host photo") == true
        }
    }

    @Test func unreadableFilesAreSkippedWithAWarning() throws {
        let folder = try SampleHosts.folder(["coffee.png", "chelsea.png"])
        try Data("junk".utf8).write(to: folder.appendingPathComponent("junk.jpg"))
        try Data([0, 1, 2]).write(to: folder.appendingPathComponent("tiny.bmp"))
        let summary = try Self.generate(hosts: folder)
        #expect(summary.hosts == ["chelsea", "coffee"])
        #expect(summary.warnings.count == 2)
        #expect(summary.warnings.contains { $0.hasPrefix("skipped junk.jpg") })
    }

    @Test func nonEmptyOutputIsRefusedUnlessReplacing() throws {
        let hosts = try SampleHosts.folder(["coffee.png", "chelsea.png"])
        let output = try TemporaryFolder.make("occupied")
        let keep = output.appendingPathComponent("notes.txt")
        try Data("mine".utf8).write(to: keep)
        #expect {
            _ = try Self.generate(hosts: hosts, output: output)
        } throws: { error in
            (error as? BenchmarkError)?.code == .outputNotEmpty
                && (error as? BenchmarkError)?.message.contains("--force") == true
        }
        #expect(try TemporaryFolder.contents(of: output).keys.sorted() == ["notes.txt"])

        // Replacing: the benchmark is written, an earlier run's files are replaced, other files stay.
        _ = try Self.generate(hosts: hosts, output: output, replacing: true)
        let stale = output.appendingPathComponent("probe/0000000000000000.jpg")
        try Data("stale".utf8).write(to: stale)
        let summary = try Self.generate(hosts: hosts, output: output, replacing: true)
        let files = try TemporaryFolder.contents(of: output)
        #expect(files["notes.txt"] == Data("mine".utf8))
        #expect(files["probe/0000000000000000.jpg"] == nil)
        #expect(files.keys.filter { $0.hasPrefix("probe/") }.count == summary.probes)
    }
}
