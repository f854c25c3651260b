import Foundation

/// The shared storage root every role sees: probes under `input/`, analytic and fuser outputs under `output/`.
///
/// Files never travel through the queue; requests carry absolute paths inside this root. Media enters it only
/// through ``ingest(fileAt:)`` (a client or the web UI copying a file in) or ``admit(uri:)`` (the workflow checking a
/// path a request names), and is stored content-addressed as `input/<md5>.<ext>` so uploading the same file twice
/// stores it once. Paths are confined: anything resolving (after `..` and symbolic links) outside the root is
/// refused.
public struct MediaStorage: Sendable {
    /// The root, absolute, with symbolic links resolved.
    public let root: String
    /// The largest file accepted, in bytes.
    public let maxFileBytes: Int64

    /// The default size limit: 4 GiB.
    public static let defaultMaxFileBytes: Int64 = 4 << 30

    /// Opens (creating if needed) a storage root and its `input/` and `output/` folders.
    public init(root: String, maxFileBytes: Int64 = MediaStorage.defaultMaxFileBytes) throws(MediaError) {
        let absolute = URL(fileURLWithPath: root).standardizedFileURL.path
        do {
            for folder in ["", "input", "output"] {
                try FileManager.default.createDirectory(
                    atPath: absolute + (folder.isEmpty ? "" : "/" + folder), withIntermediateDirectories: true)
            }
        } catch {
            throw MediaError(.unwritable, "cannot create the storage root \(absolute): \(error.localizedDescription)")
        }
        self.root = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
        self.maxFileBytes = maxFileBytes
    }

    /// `<root>/input`.
    public var inputDirectory: String { root + "/input" }
    /// `<root>/output`.
    public var outputDirectory: String { root + "/output" }

    /// Copies a file from anywhere into `input/<md5>.<ext>` (no copy when that file already exists).
    ///
    /// - Throws: ``MediaError`` when the file is missing, unreadable, empty, not a regular file or too large.
    public func ingest(fileAt path: String) throws(MediaError) -> StoredMedia {
        let source = URL(fileURLWithPath: path).standardizedFileURL.path
        let scan = try scan(source)
        let destination = inputDirectory + "/" + scan.md5 + "." + scan.type.fileExtension
        if !FileManager.default.fileExists(atPath: destination) {
            try copyAtomically(from: source, to: destination)
        }
        return StoredMedia(path: destination, md5: scan.md5, type: scan.type, byteCount: scan.byteCount)
    }

    /// Checks a path a request names: it must resolve inside the root and be a readable, non-empty regular file
    /// within the size limit. A file already stored as `input/<md5>.<ext>` is used in place; any other file under
    /// the root is copied there.
    ///
    /// Accepts absolute paths and `file://` URIs. With `kind`, a file of another kind is refused before anything
    /// is stored.
    public func admit(uri: String, kind: MediaKind? = nil) throws(MediaError) -> StoredMedia {
        let path = try resolve(uri)
        let scan = try scan(path)
        if let kind, scan.type.kind != kind {
            throw MediaError(.invalid, "\(uri) is \(scan.type.mimeType), not \(kind.rawValue) media as the request says")
        }
        let canonical = inputDirectory + "/" + scan.md5 + "." + scan.type.fileExtension
        if path != canonical && !FileManager.default.fileExists(atPath: canonical) {
            try copyAtomically(from: path, to: canonical)
        }
        return StoredMedia(path: canonical, md5: scan.md5, type: scan.type, byteCount: scan.byteCount)
    }

    /// The absolute, link-resolved path a URI names, if it lies inside the root.
    ///
    /// - Throws: ``MediaError/Code/invalid`` for an empty URI or a non-file scheme, ``MediaError/Code/outsideRoot``
    ///   for a path outside the root.
    public func resolve(_ uri: String) throws(MediaError) -> String {
        guard !uri.isEmpty else { throw MediaError(.invalid, "no media path given") }
        var path = uri
        if path.hasPrefix("file://") {
            path = String(path.dropFirst("file://".count))
            path = path.removingPercentEncoding ?? path
        } else if let colon = path.firstIndex(of: ":"), path[..<colon].allSatisfy({ $0.isLetter }),
            path[colon...].hasPrefix("://")
        {
            throw MediaError(.invalid, "\(uri): only local file paths are supported")
        }
        guard path.hasPrefix("/") else {
            throw MediaError(.invalid, "\(uri): media paths must be absolute paths inside the storage root \(root)")
        }
        let resolved = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        guard contains(resolved) else {
            throw MediaError(.outsideRoot, "\(uri) is outside the storage root \(root)")
        }
        return resolved
    }

    /// Whether an absolute, normalised path is the root or inside it.
    public func contains(_ path: String) -> Bool { path == root || path.hasPrefix(root + "/") }

    private struct Scan {
        var md5: String
        var type: MediaType
        var byteCount: Int64
    }

    /// Reads the file once: checks it, hashes it and sniffs its type.
    private func scan(_ path: String) throws(MediaError) -> Scan {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MediaError(.notFound, "\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw MediaError(.invalid, "\(path) is a directory, not a media file") }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard (attributes?[.type] as? FileAttributeType) == .typeRegular else {
            throw MediaError(.invalid, "\(path) is not a regular file")
        }
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        guard size > 0 else { throw MediaError(.invalid, "\(path) is empty") }
        guard size <= maxFileBytes else {
            throw MediaError(.tooLarge, "\(path) is \(size) bytes; the limit is \(maxFileBytes)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw MediaError(.unreadable, "\(path) cannot be read (permission denied?)")
        }
        defer { try? handle.close() }
        var md5 = MD5()
        var prefix: [UInt8] = []
        var total: Int64 = 0
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                let bytes = [UInt8](chunk)
                if prefix.count < 32 { prefix += bytes.prefix(32 - prefix.count) }
                md5.update(bytes)
                total += Int64(bytes.count)
            }
        } catch {
            throw MediaError(.unreadable, "\(path) cannot be read: \(error.localizedDescription)")
        }
        let ext = URL(fileURLWithPath: path).pathExtension
        return Scan(md5: md5.finalize(), type: MediaType.identify(prefix: prefix, fileExtension: ext), byteCount: total)
    }

    private func copyAtomically(from source: String, to destination: String) throws(MediaError) {
        let temporary = destination + ".partial-" + UUID().uuidString
        do {
            try FileManager.default.copyItem(atPath: source, toPath: temporary)
            if FileManager.default.fileExists(atPath: destination) {
                try FileManager.default.removeItem(atPath: temporary)
            } else {
                try FileManager.default.moveItem(atPath: temporary, toPath: destination)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw MediaError(.unwritable, "cannot store \(source) as \(destination): \(error.localizedDescription)")
        }
    }
}

/// A media file stored in the storage root.
public struct StoredMedia: Sendable, Hashable {
    /// The absolute path, `<root>/input/<md5>.<ext>`.
    public var path: String
    /// The MD5 of the content, lowercase hex.
    public var md5: String
    /// The type sniffed from the content.
    public var type: MediaType
    /// The size in bytes.
    public var byteCount: Int64

    /// Creates a value.
    public init(path: String, md5: String, type: MediaType, byteCount: Int64) {
        self.path = path
        self.md5 = md5
        self.type = type
        self.byteCount = byteCount
    }
}

/// Why a media file was refused.
public struct MediaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Code: String, Sendable, Hashable {
        case notFound, unreadable, invalid, outsideRoot, tooLarge, unwritable
    }

    /// The kind of problem.
    public var code: Code
    /// What is wrong, naming the file.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
