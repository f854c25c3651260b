import Foundation
import MediForTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MediForImaging
import NIOCore
import Testing

/// Builders for the requests the tests send, and readers for the answers.
enum TestRequests {
    static let boundary = "----medifor-test-boundary-7f3a"

    /// A part of a multipart body.
    enum Part {
        case field(String, String)
        case file(name: String, filename: String, type: String, bytes: [UInt8])
    }

    /// A `multipart/form-data` body.
    static func multipart(_ parts: [Part]) -> ByteBuffer {
        var bytes: [UInt8] = []
        for part in parts {
            bytes += Array("--\(boundary)\r\n".utf8)
            switch part {
            case .field(let name, let value):
                bytes += Array("Content-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
            case .file(let name, let filename, let type, let content):
                bytes += Array(
                    "Content-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n"
                        .utf8)
                bytes += content + [13, 10]
            }
        }
        bytes += Array("--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: bytes)
    }

    static let multipartHeaders: HTTPFields = [
        .contentType: "multipart/form-data; boundary=\(boundary)", .accept: "application/json",
    ]
    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// Uploads one file; returns the response.
    static func upload(
        _ client: some TestClientProtocol, filename: String, bytes: [UInt8], type: String = "image/jpeg",
        fields: [(String, String)] = []
    ) async throws -> TestResponse {
        let parts =
            fields.map { Part.field($0.0, $0.1) } + [.file(name: "files", filename: filename, type: type, bytes: bytes)]
        return try await client.execute(
            uri: "/upload", method: .post, headers: multipartHeaders, body: multipart(parts))
    }

    /// The id in an upload's JSON answer.
    static func uploadedID(_ response: TestResponse) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.bytes)) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        return try #require(results.first?["id"] as? String)
    }

    /// Waits until the detection is complete, by reading the live-update stream to its end.
    static func waitComplete(_ client: some TestClientProtocol, _ id: String) async throws -> String {
        let response = try await client.execute(uri: "/events?watch=\(id)", method: .get)
        #expect(response.status == .ok)
        let text = String(buffer: response.body)
        #expect(text.contains("\"complete\":true"), "the stream ended without the detection completing: \(text)")
        return text
    }

    /// A real photograph as JPEG, reduced to `side` pixels: scikit-image's sample photos, as the analytics tests
    /// use them (found through MEDIFOR_SAMPLE_IMAGES or the local Python).
    static func photo(_ name: String = "astronaut.png", side: Int = 256, quality: Int = 85) throws -> [UInt8] {
        let folder = try #require(
            sampleFolder, "sample images not found: set MEDIFOR_SAMPLE_IMAGES or install scikit-image")
        let data = try #require(FileManager.default.contents(atPath: folder + "/" + name), "missing sample \(name)")
        let image = try decodeImage(data: [UInt8](data))
        let reduced = reduce(image, side: side)
        return try encodeJPEG(reduced, quality: quality)
    }

    private static func reduce(_ image: PixelImage, side: Int) -> PixelImage {
        let step = max(1, max(image.width, image.height) / side)
        let width = image.width / step
        let height = image.height / step
        var pixels = [UInt8](repeating: 0, count: width * height * image.channels)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<image.channels {
                    pixels[(y * width + x) * image.channels + c] = image[x * step, y * step, c]
                }
            }
        }
        return (try? PixelImage(width: width, height: height, channels: image.channels, pixels: pixels)) ?? image
    }

    static let sampleFolder: String? = SampleImageFolder.path
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }
    /// The body's bytes.
    var bytes: [UInt8] { Array(body.readableBytesView) }
}
