import Foundation

/// The benchmark's only source of randomness: xoshiro256** seeded through SplitMix64.
///
/// Every draw goes through this type's own arithmetic (never the standard library's `random(in:)`, whose
/// algorithm may change between toolchains), so a seed gives the same benchmark on every machine and release.
package struct SeededRandom: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A stream for `seed`; different seeds give unrelated streams.
    package init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    /// The next 64 random bits (xoshiro256**).
    package mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    /// A uniform double in [0, 1), from the top 53 bits.
    package mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A uniform integer in `0..<bound` (0 when `bound` ≤ 1), without modulo bias.
    package mutating func int(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let limit = UInt64(bound)
        let threshold = (0 &- limit) % limit  // values below this are rejected: 2^64 mod bound
        while true {
            let value = next()
            let product = value.multipliedFullWidth(by: limit)
            if product.low >= threshold { return Int(product.high) }
        }
    }

    /// A uniform integer in `range`.
    package mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(below: range.upperBound - range.lowerBound + 1)
    }

    /// A uniform double in `range`.
    package mutating func double(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * unit()
    }

    /// `true` with probability `probability`.
    package mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// A standard normal deviate (Box–Muller; one of the pair is discarded to keep the stream stateless).
    package mutating func normal() -> Double {
        let u = 1 - unit()  // (0, 1]: log stays finite
        let v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// A uniformly chosen element; `array` must not be empty.
    package mutating func element<T>(of array: [T]) -> T {
        array[int(below: array.count)]
    }

    /// Shuffles `array` in place (Fisher–Yates).
    package mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for index in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(index, int(below: index + 1))
        }
    }

    /// A shuffled copy of `array`.
    package mutating func shuffled<T>(_ array: [T]) -> [T] {
        var copy = array
        shuffle(&copy)
        return copy
    }

    /// Mixes two values into one well-spread 64-bit value: independent streams are seeded with
    /// `SeededRandom(seed: SeededRandom.mix(seed, salt))`.
    package static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var mixer = SplitMix64(state: a ^ (b &* 0x9E37_79B9_7F4A_7C15))
        _ = mixer.next()
        return mixer.next() ^ SplitMix64(state: b).peek()
    }

    private func rotate(_ value: UInt64, _ amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): spreads a seed into the xoshiro state and mixes salts.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.finalize(state)
    }

    /// The value `next()` would return, without advancing.
    func peek() -> UInt64 { Self.finalize(state &+ 0x9E37_79B9_7F4A_7C15) }

    static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
