import Crypto
import Foundation
import MediForWorkflow

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One uploaded file being written to the staging folder: its bytes go to disk as they arrive while its MD5,
/// SHA-1 and SHA-256 are computed (swift-crypto) and its first bytes kept for type sniffing and EXIF.
final class StagedFile {
    /// The name the browser gave (may include a folder path for folder uploads).
    let clientName: String
    /// Where the bytes are written.
    let path: String
    private(set) var byteCount: Int64 = 0
    /// The first ``prefixLimit`` bytes.
    private(set) var prefix: [UInt8] = []
    static let prefixLimit = 256 << 10
    private var descriptor: Int32
    private var md5 = MD5()
    private var sha1 = Insecure.SHA1()
    private var sha256 = SHA256()
    private(set) var digests: (md5: String, sha1: String, sha256: String)?

    /// Creates the staging file.
    ///
    /// - Throws: `UIError` when it cannot be created.
    init(clientName: String, folder: String) throws {
        self.clientName = clientName
        path = folder + "/" + UUID().uuidString + ".part"
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw UIError("cannot create a staging file in \(folder)") }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Appends bytes.
    ///
    /// - Throws: `UIError` when the disk write fails.
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        byteCount += Int64(bytes.count)
        if prefix.count < Self.prefixLimit {
            prefix.append(contentsOf: bytes.prefix(Self.prefixLimit - prefix.count))
        }
        md5.update(bytes)
        sha1.update(bufferPointer: bytes)
        sha256.update(bufferPointer: bytes)
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw UIError("writing an upload to disk failed (errno \(errno))")
            }
            offset += written
        }
    }

    /// Closes the file and computes the digests.
    ///
    /// - Throws: `UIError` when closing fails (the data may not be on disk).
    func finish() throws {
        guard descriptor >= 0 else { return }
        let status = close(descriptor)
        descriptor = -1
        guard status == 0 else { throw UIError("closing an uploaded file failed (errno \(errno))") }
        digests = (md5.finalize(), ContentDigest.hex(sha1.finalize()), ContentDigest.hex(sha256.finalize()))
    }

    /// Removes the staging file (after a failure, or once it has been moved).
    func discard() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        unlink(path)
    }
}
