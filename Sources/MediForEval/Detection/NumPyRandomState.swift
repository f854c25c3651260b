/// The random stream of NumPy's legacy `numpy.random.RandomState(seed)`: MT19937 seeded with `init_genrand`.
///
/// MediScore draws its bootstrap resamples with `RandomState(77).choice(indices, n)`. Reproducing that stream bit
/// for bit is what makes our confidence intervals equal to theirs on the same trials in the same order. NumPy
/// keeps this legacy stream stable across releases.
public struct NumPyRandomState: Sendable {
    private var state: [UInt32]
    private var position: Int

    /// Seeds the generator as `RandomState(seed)` does for an integer seed.
    public init(seed: UInt32) {
        var state = [UInt32](repeating: 0, count: 624)
        state[0] = seed
        for index in 1..<624 {
            let previous = state[index - 1]
            state[index] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(index)
        }
        self.state = state
        self.position = 624
    }

    /// The next 32-bit output (`genrand_int32`, tempered).
    public mutating func nextUInt32() -> UInt32 {
        if position >= 624 { regenerate() }
        var y = state[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// A uniform integer in `0..<bound`, as `randint(0, bound)` draws it: masked rejection sampling on 32-bit
    /// outputs. A bound of 1 consumes no output, as in NumPy.
    /// - Parameter bound: The exclusive upper bound, in `1...2^32`.
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound >= 1 && bound <= 1 << 32, "bound out of range")
        let limit = UInt32(bound - 1)
        if limit == 0 { return 0 }
        var mask = limit
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        while true {
            let value = nextUInt32() & mask
            if value <= limit { return Int(value) }
        }
    }

    /// `count` indices drawn with replacement from `0..<population`, as `choice(population, count)` draws them.
    public mutating func choice(population: Int, count: Int) -> [Int] {
        var indices: [Int] = []
        indices.reserveCapacity(count)
        for _ in 0..<count { indices.append(nextIndex(below: population)) }
        return indices
    }

    private mutating func regenerate() {
        let upper: UInt32 = 0x8000_0000
        let lower: UInt32 = 0x7FFF_FFFF
        state.withUnsafeMutableBufferPointer { mt in
            for index in 0..<624 {
                let y = (mt[index] & upper) | (mt[(index + 1) % 624] & lower)
                var next = mt[(index + 397) % 624] ^ (y >> 1)
                if y & 1 != 0 { next ^= 0x9908_B0DF }
                mt[index] = next
            }
        }
        position = 0
    }
}
