import Foundation
import Hummingbird
import NIOCore

/// A received upload form: the files staged on disk and the text fields.
struct UploadForm {
    var files: [StagedFile] = []
    var tags = ""
    var analytics: [String] = []
    var fusers: [String] = []

    /// Removes every staged file that was not moved away.
    func discardAll() { for file in files { file.discard() } }
}

/// Streams a `multipart/form-data` upload into the staging folder (`<root>/uploads`), enforcing the size limits as
/// bytes arrive: a request announcing more than the request limit is refused before any byte is read, and a file
/// or request that grows past its limit is cut off with 413 and everything staged so far is removed.
struct UploadReceiver {
    let stagingFolder: String
    let maxFileBytes: Int64
    let maxRequestBytes: Int64
    /// Text fields longer than this are refused.
    static let maxFieldBytes = 64 << 10

    /// Reads the whole request body.
    ///
    /// - Throws: `HTTPError` 413 (too large), 415 (not multipart), 400 (malformed); nothing stays staged then.
    func receive(_ request: Request) async throws -> UploadForm {
        guard let boundary = MultipartReader.boundary(fromContentType: request.headers[.contentType] ?? "") else {
            throw HTTPError(.unsupportedMediaType, message: "send uploads as multipart/form-data")
        }
        if let length = request.headers[.contentLength].flatMap({ Int64($0) }), length > maxRequestBytes {
            throw HTTPError(.contentTooLarge, message: "the upload is \(length) bytes; the limit is \(maxRequestBytes)")
        }
        try FileManager.default.createDirectory(atPath: stagingFolder, withIntermediateDirectories: true)
        var reader = MultipartReader(boundary: boundary)
        var form = UploadForm()
        var current: StagedFile?
        var field: (name: String, bytes: [UInt8])?
        var total: Int64 = 0
        do {
            for try await buffer in request.body {
                total += Int64(buffer.readableBytes)
                guard total <= maxRequestBytes else {
                    throw HTTPError(.contentTooLarge, message: "the upload is larger than \(maxRequestBytes) bytes")
                }
                let events = try Self.feed(&reader, buffer)
                for event in events {
                    switch event {
                    case .part(let headers):
                        let disposition = MultipartReader.disposition(headers["content-disposition"] ?? "")
                        if let filename = disposition.filename {
                            // A file input with no file chosen sends an empty name and no bytes: skip it.
                            guard !filename.isEmpty else { continue }
                            let file = try StagedFile(clientName: filename, folder: stagingFolder)
                            form.files.append(file)
                            current = file
                        } else {
                            field = (disposition.name ?? "", [])
                        }
                    case .body(let bytes):
                        if let file = current {
                            try bytes.withUnsafeBytes { try file.append($0) }
                            guard file.byteCount <= maxFileBytes else {
                                throw HTTPError(
                                    .contentTooLarge,
                                    message: "\(file.clientName) is larger than the limit of \(maxFileBytes) bytes")
                            }
                        } else if field != nil {
                            field?.bytes += bytes
                            guard (field?.bytes.count ?? 0) <= Self.maxFieldBytes else {
                                throw HTTPError(.contentTooLarge, message: "a form field is larger than 64 KB")
                            }
                        }
                    case .partEnd:
                        if let file = current {
                            try file.finish()
                            current = nil
                        } else if let finished = field {
                            try record(finished, into: &form)
                            field = nil
                        }
                    }
                }
            }
            do {
                try reader.finish()
            } catch let failure as MultipartReader.Failure {
                throw HTTPError(.badRequest, message: "malformed upload: \(failure.message)")
            }
        } catch {
            form.discardAll()
            if error is HTTPError { throw error }
            if let error = error as? UIError {
                throw HTTPError(.internalServerError, message: "the upload could not be stored: \(error)")
            }
            throw HTTPError(.badRequest, message: "the upload ended early or could not be read")
        }
        return form
    }

    /// Feeds one chunk; a malformed body becomes a 400.
    private static func feed(_ reader: inout MultipartReader, _ buffer: ByteBuffer) throws -> [MultipartReader.Event] {
        do {
            return try buffer.withUnsafeReadableBytes { try reader.feed($0) }
        } catch let failure as MultipartReader.Failure {
            throw HTTPError(.badRequest, message: "malformed upload: \(failure.message)")
        }
    }

    private func record(_ field: (name: String, bytes: [UInt8]), into form: inout UploadForm) throws {
        guard let text = String(validating: field.bytes, as: UTF8.self) else {
            throw HTTPError(.badRequest, message: "the form field \(field.name) is not UTF-8 text")
        }
        switch field.name {
        case "tags": form.tags += (form.tags.isEmpty ? "" : ",") + text
        case "analytic": if !text.isEmpty { form.analytics.append(text) }
        case "fuser": if !text.isEmpty { form.fusers.append(text) }
        default: break
        }
    }
}
