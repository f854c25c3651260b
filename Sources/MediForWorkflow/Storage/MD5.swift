import Crypto

/// MD5, used only to name stored media by content, as the original storage layout does (`input/<md5>.<ext>`).
/// Not a security primitive. A streaming wrapper over swift-crypto's `Insecure.MD5` with a hex digest.
public struct MD5: Sendable {
    private var hasher = Insecure.MD5()

    /// A fresh digest.
    public init() {}

    /// The hex digest of `bytes`.
    public static func hex<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        var md5 = MD5()
        md5.update(Array(bytes))
        return md5.finalize()
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: [UInt8]) { hasher.update(data: bytes) }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    /// The lowercase hex digest of everything added; the value must not be updated afterwards.
    public mutating func finalize() -> String { ContentDigest.hex(hasher.finalize()) }
}

/// Lowercase hex of digests.
public enum ContentDigest {
    /// The lowercase hex form of `digest`.
    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
