import Foundation
import GRPCCore
import HTTPTypes
import MediForImaging
import MediForProto
import MediForWorkflow

/// What became of one uploaded file.
struct UploadResult: Sendable {
    var file: String
    var id: String?
    var href: String?
    var status: HTTPResponse.Status
    var message: String

    var json: JSONText {
        .object([
            ("file", .string(file)), ("id", id.map(JSONText.string) ?? .null),
            ("href", href.map(JSONText.string) ?? .null),
            ("status", .int(status.code)), ("message", .string(message)),
        ])
    }
}

/// Moves staged uploads into the storage root as `input/<md5>.<ext>` and submits each with `Pipeline.Detect`:
/// detection id = MD5 (so the same bytes uploaded again add to the same detection), system tag `type`, the
/// analyst's tags as user tags, and metadata (hashes, names, size, upload time, image size, EXIF fields, the
/// fusers asked for).
struct UploadSubmitter {
    let client: WorkflowClient
    let storage: MediaStorage
    let catalog: UICatalog

    /// Submits every file of `form`; each gets its own result, failures included.
    func submit(_ form: UploadForm, userTags: [String: String]) async -> [UploadResult] {
        var results: [UploadResult] = []
        for file in form.files {
            results.append(await submit(file, form: form, userTags: userTags))
            file.discard()
        }
        return results
    }

    private func submit(_ file: StagedFile, form: UploadForm, userTags: [String: String]) async -> UploadResult {
        let displayName = Self.baseName(file.clientName)
        func failure(_ status: HTTPResponse.Status, _ message: String) -> UploadResult {
            UploadResult(file: file.clientName, id: nil, href: nil, status: status, message: message)
        }
        guard let digests = file.digests, file.byteCount > 0 else { return failure(.badRequest, "the file is empty") }
        let ext = URL(fileURLWithPath: displayName).pathExtension
        let type = MediaType.identify(prefix: Array(file.prefix.prefix(32)), fileExtension: ext)
        let kind = type.kind.rawValue
        guard type.kind != .other else {
            return failure(.unsupportedMediaType, "\(type.mimeType) is not an image or a video")
        }
        let analytics = choose(form.analytics, from: catalog.analytics, kind: kind)
        guard !analytics.isEmpty else {
            return failure(.unsupportedMediaType, "no chosen analytic handles \(kind) media")
        }
        let fusers = choose(form.fusers, from: catalog.fusers, kind: kind)
        let stored = storage.inputDirectory + "/" + digests.md5 + "." + type.fileExtension
        do {
            if FileManager.default.fileExists(atPath: stored) {
                file.discard()
            } else {
                try FileManager.default.moveItem(atPath: file.path, toPath: stored)
            }
        } catch {
            return failure(.internalServerError, "the file could not be stored")
        }
        var request = Mediforproto_DetectionRequest()
        request.id = digests.md5
        var resource = Mediforproto_Resource()
        resource.uri = stored
        resource.type = type.mimeType
        if type.kind == .image {
            request.request.imgManipReq.image = resource
            request.request.imgManipReq.outDir = storage.outputDirectory
        } else {
            request.request.vidManipReq.video = resource
            request.request.vidManipReq.outDir = storage.outputDirectory
        }
        request.analyticID = analytics
        request.fuserID = fusers
        request.tags = ["type": kind]
        request.userTags = userTags
        request.meta = metadata(file, digests: digests, type: type, fusers: fusers)
        do {
            let info = try await client.pipeline.detect(request, options: client.options)
            let id = info.id.isEmpty ? digests.md5 : info.id
            return UploadResult(
                file: file.clientName, id: id, href: "/detections/" + FormFields.escape(id), status: .created,
                message: "submitted to \(analytics.count) analytic(s)")
        } catch let error as RPCError {
            return failure(error.httpStatus, error.message)
        } catch {
            return failure(.badGateway, "the workflow did not accept the file")
        }
    }

    /// The requested ids that handle `kind`; every entry for `kind` when none were requested.
    private func choose(_ requested: [String], from entries: [UICatalog.Entry], kind: String) -> [String] {
        let eligible = entries.filter { $0.supports(kind) }.map(\.id)
        return requested.isEmpty ? eligible : requested.filter { eligible.contains($0) }
    }

    private func metadata(
        _ file: StagedFile, digests: (md5: String, sha1: String, sha256: String), type: MediaType, fusers: [String]
    ) -> [String: String] {
        var meta: [String: String] = [
            "Hash:md5": digests.md5, "Hash:sha1": digests.sha1, "Hash:sha256": digests.sha256,
            "File:FileName": Self.baseName(file.clientName), "File:Size": String(file.byteCount),
            "File:MIMEType": type.mimeType, "File:UploadDate": Formats.nowISO(),
            "UI:Fusers": fusers.joined(separator: ","),
        ]
        if file.clientName.contains("/") { meta["File:Path"] = Self.cleanPath(file.clientName) }
        if let info = try? readImageInfo(data: file.prefix) {
            meta["File:ImageWidth"] = String(info.width)
            meta["File:ImageHeight"] = String(info.height)
            meta["File:ColorModel"] = info.colorModel.rawValue
        }
        if type.mimeType == "image/jpeg" { meta.merge(ExifReader.fields(fromJPEGPrefix: file.prefix)) { $1 } }
        return meta
    }

    /// The last path component of a client-side name (browsers may send `folder/sub/name.jpg`, or Windows paths).
    static func baseName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? name
        let cleaned = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        return cleaned.isEmpty ? "upload" : String(cleaned.prefix(255))
    }

    /// A folder-relative client path without control characters or `..` components, for display only.
    static func cleanPath(_ name: String) -> String {
        name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).filter { $0 != ".." && $0 != "." }
            .map { String($0.unicodeScalars.filter { $0.value >= 0x20 }.map(Character.init)) }.joined(separator: "/")
    }
}
