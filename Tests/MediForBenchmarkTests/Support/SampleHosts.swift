import Foundation
import MediForTestSupport
import Testing

/// Host photos for the tests: a few of scikit-image's bundled photographs, found through `MEDIFOR_SAMPLE_IMAGES`
/// (a folder, set by scripts/test.sh) or, failing that, by asking the local Python where scikit-image keeps them,
/// and copied into a fresh temporary folder. A test that cannot find them fails; it never passes by skipping.
enum SampleHosts {
    /// Colour and grey photos, PNG and JPEG.
    static let names = ["astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg", "camera.png", "moon.png"]

    /// The folder holding scikit-image's sample images, or nil.
    static let sampleFolder: String? = SampleImageFolder.path

    /// A new temporary folder holding copies of `names`; records a failure and throws when they are missing.
    static func folder(_ names: [String] = names, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        guard let sampleFolder else {
            Issue.record(
                """
                sample images not found: run scripts/bootstrap.sh test (installs scikit-image) \
                or set MEDIFOR_SAMPLE_IMAGES
                """,
                sourceLocation: sourceLocation)
            throw CancellationError()
        }
        let folder = try TemporaryFolder.make("hosts")
        for name in names {
            let source = URL(fileURLWithPath: sampleFolder).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: source.path) else {
                Issue.record("sample image \(source.path) is missing", sourceLocation: sourceLocation)
                throw CancellationError()
            }
            try FileManager.default.copyItem(at: source, to: folder.appendingPathComponent(name))
        }
        return folder
    }
}

/// Fresh folders under the system's temporary directory.
enum TemporaryFolder {
    /// A new, empty folder whose name starts with `prefix`.
    static func make(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("medifor-benchmark-\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A path under the temporary directory that does not exist yet.
    static func unusedPath(_ prefix: String) -> URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("medifor-benchmark-\(prefix)-\(UUID().uuidString)")
    }

    /// Every regular file under `folder`, as relative path → contents.
    static func contents(of folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let base = folder.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return files }
        while let relative = enumerator.nextObject() as? String {
            var isFolder: ObjCBool = false
            let path = base + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
                files[relative] = FileManager.default.contents(atPath: path)
            }
        }
        return files
    }
}
