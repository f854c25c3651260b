import Foundation
import Hummingbird
import MediForWorkflow
import Mustache

/// The templates, scripts and stylesheets of the UI, loaded once at startup from the bundled `Assets` folder (or
/// ``UIConfiguration/assetsDirectory``).
///
/// Scripts and stylesheets are kept in memory and served with a content hash in their URL, so browsers may cache
/// them for a year and still see a new version at once.
struct UIAssets: Sendable {
    /// One static file.
    struct File: Sendable {
        var bytes: [UInt8]
        var contentType: String
        /// The first 12 hex digits of the content's MD5.
        var version: String
    }

    let templates: MustacheLibrary
    /// Static files by path below the assets folder (`js/gallery.js`, `css/app.css`).
    let files: [String: File]

    /// Loads every asset from `directory`, or from the resource bundle beside the executable when it is `nil`.
    ///
    /// - Throws: `UIError` naming the folder when it is missing or a template does not parse.
    static func load(directory: String?) async throws -> UIAssets {
        guard let folder = directory ?? bundledFolder() else {
            throw UIError(
                "the UI's assets (the medifor\(bundleSuffix) folder SwiftPM builds) are not beside the executable in "
                    + "\(Bundle.main.bundlePath); ship that folder with the binary or set MEDIFOR_UI_ASSETS")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder + "/templates", isDirectory: &isDirectory),
            isDirectory.boolValue
        else { throw UIError("no templates folder in the UI assets at \(folder)") }
        let templates: MustacheLibrary
        do {
            templates = try await MustacheLibrary(directory: folder + "/templates")
        } catch {
            throw UIError("a UI template does not parse: \(error)")
        }
        var files: [String: File] = [:]
        for kind in ["js", "css", "img"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + kind)) ?? []
            for name in names {
                guard let data = FileManager.default.contents(atPath: folder + "/" + kind + "/" + name) else {
                    continue
                }
                let bytes = [UInt8](data)
                files[kind + "/" + name] = File(
                    bytes: bytes, contentType: contentType(ofAsset: name), version: String(MD5.hex(bytes).prefix(12)))
            }
        }
        return UIAssets(templates: templates, files: files)
    }

    /// SwiftPM names the bundle `<package>_MediForUI.resources` (`.bundle` on macOS) beside the executable.
    static let bundleSuffix = "_MediForUI.resources"

    /// The `Assets` folder of the resource bundle, found without `Bundle.module`, which stops the process when
    /// the bundle is missing: a deployment that forgot it gets an error it can report instead.
    private static func bundledFolder() -> String? {
        let base = Bundle.main.bundlePath
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        let bundles = names.filter { $0.hasSuffix(bundleSuffix) || $0.hasSuffix("_MediForUI.bundle") }.sorted()
        var candidates: [String] = []
        for bundle in bundles {
            let root = base + "/" + bundle
            candidates += [root + "/Assets", root + "/Contents/Resources/Assets"]
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/templates/layout.mustache") }
    }

    /// The versioned URL of a static file (`/assets/js/app.js?v=…`).
    func url(_ path: String) -> String {
        "/assets/" + path + (files[path].map { "?v=" + $0.version } ?? "")
    }

    private static func contentType(ofAsset name: String) -> String {
        if name.hasSuffix(".js") { return "text/javascript; charset=utf-8" }
        if name.hasSuffix(".css") { return "text/css; charset=utf-8" }
        if name.hasSuffix(".svg") { return "image/svg+xml" }
        if name.hasSuffix(".png") { return "image/png" }
        return "application/octet-stream"
    }
}

/// A startup problem of the UI, as one line.
public struct UIError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var description: String

    init(_ description: String) { self.description = description }
}
