import MediForWorkflow
import Testing

@Suite("MD5")
struct MD5Tests {
    @Test("RFC 1321 test vectors", arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "57edf4a22be3c955ac49da2e2107b67a"),
    ])
    func vectors(input: String, digest: String) {
        #expect(MD5.hex(Array(input.utf8)) == digest)
    }

    @Test("chunked updates equal one update, across block boundaries")
    func chunked() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = MD5.hex(bytes)
        for split in [1, 55, 56, 63, 64, 65, 127, 500] {
            var md5 = MD5()
            md5.update(Array(bytes[..<split]))
            md5.update(Array(bytes[split...]))
            #expect(md5.finalize() == whole, "split at \(split)")
        }
    }
}
