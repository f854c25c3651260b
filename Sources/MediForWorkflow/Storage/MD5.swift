import Foundation

/// MD5 (RFC 1321), used only to name stored media by content, as the original storage layout does
/// (`input/<md5>.<ext>`). Not a security primitive.
///
/// Streaming: feed any number of chunks with ``update(_:)`` and read the digest with ``finalize()``. Work is one pass
/// over the input with a 64-byte block buffer; nothing is allocated per block.
public struct MD5: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476)
    private var buffer = [UInt8](repeating: 0, count: 64)
    private var buffered = 0
    private var length: UInt64 = 0

    /// A fresh digest.
    public init() {}

    /// The hex digest of `bytes`.
    public static func hex<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        var md5 = MD5()
        md5.update(Array(bytes))
        return md5.finalize()
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: [UInt8]) {
        length &+= UInt64(bytes.count)
        var index = 0
        bytes.withUnsafeBufferPointer { input in
            if buffered > 0 {
                let take = min(64 - buffered, input.count)
                for offset in 0..<take { buffer[buffered + offset] = input[offset] }
                buffered += take
                index = take
                if buffered == 64 {
                    let block = buffer
                    block.withUnsafeBufferPointer { compress($0.baseAddress!) }
                    buffered = 0
                }
            }
            while input.count - index >= 64 {
                compress(input.baseAddress! + index)
                index += 64
            }
            while index < input.count {
                buffer[buffered] = input[index]
                buffered += 1
                index += 1
            }
        }
    }

    /// Pads the message and returns the lowercase hex digest.
    public mutating func finalize() -> String {
        let bitLength = length &* 8
        var padding: [UInt8] = [0x80]
        let padTo = (buffered + 1) % 64 <= 56 ? 56 - (buffered + 1) % 64 : 120 - (buffered + 1) % 64
        padding += [UInt8](repeating: 0, count: padTo)
        for shift in 0..<8 { padding.append(UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(shift)))) }
        let saved = length
        update(padding)
        length = saved
        let words = [state.0, state.1, state.2, state.3]
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(32)
        for word in words {
            for byteIndex in 0..<4 {
                let byte = UInt8(truncatingIfNeeded: word >> (8 * UInt32(byteIndex)))
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0xf)])
            }
        }
        return text
    }

    private static let shifts: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ]

    /// `floor(abs(sin(i + 1)) * 2^32)` for i in 0..<64.
    private static let constants: [UInt32] = (0..<64).map { index in
        UInt32(abs(sin(Double(index + 1))) * 4_294_967_296.0)
    }

    private mutating func compress(_ block: UnsafePointer<UInt8>) {
        @inline(__always) func word(_ index: Int) -> UInt32 {
            let base = block + index * 4
            return UInt32(base[0]) | UInt32(base[1]) << 8 | UInt32(base[2]) << 16 | UInt32(base[3]) << 24
        }
        var (a, b, c, d) = state
        for round in 0..<64 {
            var f: UInt32
            let g: Int
            switch round {
            case 0..<16: f = (b & c) | (~b & d); g = round
            case 16..<32: f = (d & b) | (~d & c); g = (5 * round + 1) % 16
            case 32..<48: f = b ^ c ^ d; g = (3 * round + 5) % 16
            default: f = c ^ (b | ~d); g = (7 * round) % 16
            }
            f = f &+ a &+ Self.constants[round] &+ word(g)
            a = d
            d = c
            c = b
            let shift = Self.shifts[round]
            b = b &+ ((f << shift) | (f >> (32 - shift)))
        }
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
    }
}
