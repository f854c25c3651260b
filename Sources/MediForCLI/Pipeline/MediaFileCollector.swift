import Foundation
import MediForWorkflow

/// Turns the paths given to `medifor detect` into the image and video files to submit.
///
/// Files are taken as given; folders are searched recursively in name order, skipping hidden entries (names
/// starting with `.`) and not following links to folders. A file is kept when its first bytes or, failing that,
/// its extension say it is an image or a video; anything else is reported as skipped. Each file is listed once.
package enum MediaFileCollector {
    /// A file to submit.
    package struct Candidate: Hashable, Sendable {
        /// The path as the user would recognise it (a folder argument joined with the relative path).
        package var path: String
        /// The type found by sniffing.
        package var type: MediaType

        /// Creates a candidate.
        package init(path: String, type: MediaType) {
            self.path = path
            self.type = type
        }
    }

    /// A file left out, and why.
    package struct Skipped: Hashable, Sendable {
        package var path: String
        package var reason: String

        /// Creates an entry.
        package init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// A path that could not be used at all (missing, unreadable).
    package struct Problem: Hashable, Sendable {
        package var path: String
        package var message: String

        /// Creates an entry.
        package init(path: String, message: String) {
            self.path = path
            self.message = message
        }
    }

    /// The outcome of collecting.
    package struct Collection: Sendable {
        package var files: [Candidate] = []
        package var skipped: [Skipped] = []
        package var problems: [Problem] = []
    }

    /// Collects the media files under `paths`.
    package static func collect(_ paths: [String]) -> Collection {
        var collection = Collection()
        var seen: Set<String> = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                collection.problems.append(Problem(path: path, message: "\(path): no such file or folder"))
                continue
            }
            if isDirectory.boolValue {
                walk(folder: path, into: &collection, seen: &seen)
            } else {
                consider(file: path, into: &collection, seen: &seen)
            }
        }
        return collection
    }

    private static func walk(folder: String, into collection: inout Collection, seen: inout Set<String>) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            collection.problems.append(Problem(path: folder, message: "\(folder): cannot list the folder"))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            let url = URL(fileURLWithPath: path)
            let values = try? url.resourceValues(forKeys: [.isDirectoryKey, .isSymbolicLinkKey])
            if values?.isSymbolicLink == true {
                var targetIsDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &targetIsDirectory),
                    targetIsDirectory.boolValue
                {
                    collection.skipped.append(Skipped(path: path, reason: "a link to a folder (not followed)"))
                    continue
                }
            } else if values?.isDirectory == true {
                walk(folder: path, into: &collection, seen: &seen)
                continue
            }
            consider(file: path, into: &collection, seen: &seen)
        }
    }

    private static func consider(file path: String, into collection: inout Collection, seen: inout Set<String>) {
        let identity = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        guard seen.insert(identity).inserted else { return }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            collection.problems.append(Problem(path: path, message: "\(path) cannot be read (permission denied?)"))
            return
        }
        defer { try? handle.close() }
        let prefix = (try? handle.read(upToCount: 32)).map { [UInt8]($0) } ?? []
        let type = MediaType.identify(prefix: prefix, fileExtension: URL(fileURLWithPath: path).pathExtension)
        switch type.kind {
        case .image, .video:
            collection.files.append(Candidate(path: path, type: type))
        case .other:
            collection.skipped.append(Skipped(path: path, reason: "not an image or video"))
        }
    }
}
