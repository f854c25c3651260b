/// SHA-1 and SHA-256 (FIPS 180-4), streamed: the hashes the metadata table shows beside the MD5 that names stored
/// files. Identification only; nothing here is used for security.
///
/// Each keeps a 64-byte block buffer and compresses whole blocks straight from the input; nothing is allocated per
/// block.
struct SHA256Digest {
    private var state: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    private var block = BlockBuffer()
    private var schedule = [UInt32](repeating: 0, count: 64)

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var buffer = block  // a local copy, so that compressing may mutate self
        buffer.feed(bytes) { compress($0) }
        block = buffer
    }

    /// The lowercase hex digest; the value must not be updated afterwards.
    mutating func finalize() -> String {
        for tail in block.padding(bigEndianLength: true) { tail.withUnsafeBytes { compress($0) } }
        return hex(state)
    }

    private mutating func compress(_ chunk: UnsafeRawBufferPointer) {
        for index in 0..<16 { schedule[index] = loadBigEndian(chunk, index) }
        for index in 16..<64 {
            let s0 = rotr(schedule[index - 15], 7) ^ rotr(schedule[index - 15], 18) ^ (schedule[index - 15] >> 3)
            let s1 = rotr(schedule[index - 2], 17) ^ rotr(schedule[index - 2], 19) ^ (schedule[index - 2] >> 10)
            schedule[index] = schedule[index - 16] &+ s0 &+ schedule[index - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
        for index in 0..<64 {
            let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let choice = (e & f) ^ (~e & g)
            let t1 = h &+ s1 &+ choice &+ Self.k[index] &+ schedule[index]
            let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ majority
            (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
        }
        state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
        state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
    }
}

/// SHA-1, as in the original UI's metadata (`Hash:sha1`).
struct SHA1Digest {
    private var state: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
    private var block = BlockBuffer()
    private var schedule = [UInt32](repeating: 0, count: 80)

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var buffer = block  // a local copy, so that compressing may mutate self
        buffer.feed(bytes) { compress($0) }
        block = buffer
    }

    /// The lowercase hex digest; the value must not be updated afterwards.
    mutating func finalize() -> String {
        for tail in block.padding(bigEndianLength: true) { tail.withUnsafeBytes { compress($0) } }
        return hex(state)
    }

    private mutating func compress(_ chunk: UnsafeRawBufferPointer) {
        for index in 0..<16 { schedule[index] = loadBigEndian(chunk, index) }
        for index in 16..<80 {
            schedule[index] = rotl(
                schedule[index - 3] ^ schedule[index - 8] ^ schedule[index - 14] ^ schedule[index - 16], 1)
        }
        var (a, b, c, d, e) = (state[0], state[1], state[2], state[3], state[4])
        for index in 0..<80 {
            let f: UInt32
            let k: UInt32
            switch index {
            case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
            case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
            case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
            default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
            }
            let temp = rotl(a, 5) &+ f &+ e &+ k &+ schedule[index]
            (e, d, c, b, a) = (d, c, rotl(b, 30), a, temp)
        }
        state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d; state[4] &+= e
    }
}

/// Collects input into 64-byte blocks and produces the final padding.
private struct BlockBuffer {
    private var buffer = [UInt8](repeating: 0, count: 64)
    private var buffered = 0
    private var length: UInt64 = 0

    /// Calls `compress` for every complete block of the input so far.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, _ compress: (UnsafeRawBufferPointer) -> Void) {
        length &+= UInt64(bytes.count)
        var offset = 0
        if buffered > 0 {
            let take = min(64 - buffered, bytes.count)
            for index in 0..<take { buffer[buffered + index] = bytes[index] }
            buffered += take
            offset = take
            if buffered == 64 {
                buffer.withUnsafeBytes { compress($0) }
                buffered = 0
            }
        }
        while bytes.count - offset >= 64 {
            compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 64]))
            offset += 64
        }
        for index in offset..<bytes.count {
            buffer[buffered] = bytes[index]
            buffered += 1
        }
    }

    /// The last one or two blocks: remaining bytes, 0x80, zeros, and the bit length (big-endian).
    func padding(bigEndianLength: Bool) -> [[UInt8]] {
        var tail = Array(buffer[0..<buffered])
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bits = length &* 8
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
        }
        return stride(from: 0, to: tail.count, by: 64).map { Array(tail[$0..<$0 + 64]) }
    }
}

private func loadBigEndian(_ chunk: UnsafeRawBufferPointer, _ word: Int) -> UInt32 {
    let base = word * 4
    return UInt32(chunk[base]) << 24 | UInt32(chunk[base + 1]) << 16 | UInt32(chunk[base + 2]) << 8
        | UInt32(chunk[base + 3])
}

private func rotr(_ value: UInt32, _ count: UInt32) -> UInt32 { (value >> count) | (value << (32 - count)) }
private func rotl(_ value: UInt32, _ count: UInt32) -> UInt32 { (value << count) | (value >> (32 - count)) }

private func hex(_ words: [UInt32]) -> String {
    let digits = Array("0123456789abcdef")
    var text = ""
    text.reserveCapacity(words.count * 8)
    for word in words {
        for shift in stride(from: 28, through: 0, by: -4) { text.append(digits[Int((word >> UInt32(shift)) & 0xF)]) }
    }
    return text
}
