import Foundation

/// Where the test suites find the sample photographs (scikit-image's bundled images): the folder named by
/// `MEDIFOR_SAMPLE_IMAGES`, or, failing that, the one the local Python's scikit-image keeps them in
/// (`scripts/bootstrap.sh test` installs it). Used only by tests; a test that cannot find them must fail, never
/// pass by skipping.
public enum SampleImageFolder {
    /// The folder holding `astronaut.png`, `coffee.png`, `chelsea.png`, `camera.png`, `rocket.jpg`, …, or `nil`.
    public static let path: String? = {
        if let folder = ProcessInfo.processInfo.environment["MEDIFOR_SAMPLE_IMAGES"], !folder.isEmpty {
            return folder
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import os, skimage.data; print(os.path.dirname(skimage.data.__file__))"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !text.isEmpty ? text : nil
    }()
}
