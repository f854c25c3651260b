import Foundation

/// A radix-2 fast Fourier transform of a fixed power-of-two length, with its twiddle factors, bit-reversal table
/// and work buffers allocated once: transforming many small blocks allocates nothing per block. Not thread-safe
/// (it owns mutable buffers); give each task its own.
public struct FourierTransform: Sendable {
    /// The transform length.
    public let length: Int
    private let cosines: [Double]
    private let sines: [Double]
    private let reversed: [Int]
    private var real: [Double]
    private var imaginary: [Double]

    /// A transform of `length` points, or `nil` unless `length` is a power of two from 2 to 65536.
    public init?(length: Int) {
        guard length >= 2, length <= 65536, length & (length - 1) == 0 else { return nil }
        self.length = length
        var bits = 0
        while (1 << bits) < length { bits += 1 }
        var reversed = [Int](repeating: 0, count: length)
        for i in 0..<length {
            var r = 0
            for b in 0..<bits where i & (1 << b) != 0 { r |= 1 << (bits - 1 - b) }
            reversed[i] = r
        }
        self.reversed = reversed
        let half = length / 2
        cosines = (0..<half).map { cos(-2 * Double.pi * Double($0) / Double(length)) }
        sines = (0..<half).map { sin(-2 * Double.pi * Double($0) / Double(length)) }
        real = [Double](repeating: 0, count: length)
        imaginary = [Double](repeating: 0, count: length)
    }

    /// The power spectrum `|X_k|²`, `k = 0…length/2`, of the real sequence `input` (exactly `length` values)
    /// after subtracting its mean and applying `window` (same length; pass an empty buffer for none), written to
    /// `power` (at least `length/2 + 1` values).
    public mutating func powerSpectrum(
        of input: UnsafeBufferPointer<Float>, window: UnsafeBufferPointer<Float>,
        into power: UnsafeMutableBufferPointer<Float>
    ) {
        let n = length
        guard input.count >= n, power.count >= n / 2 + 1 else { return }
        var mean = 0.0
        for i in 0..<n { mean += Double(input[i]) }
        mean /= Double(n)
        let windowed = window.count >= n
        for i in 0..<n {
            let value = Double(input[i]) - mean
            real[reversed[i]] = windowed ? value * Double(window[i]) : value
            imaginary[reversed[i]] = 0
        }
        transformInPlace()
        for k in 0...(n / 2) { power[k] = Float(real[k] * real[k] + imaginary[k] * imaginary[k]) }
    }

    /// The iterative Cooley–Tukey butterflies over the bit-reversed buffers.
    private mutating func transformInPlace() {
        let n = length
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                cosines.withUnsafeBufferPointer { cosines in
                    sines.withUnsafeBufferPointer { sines in
                        var span = 1
                        while span < n {
                            let step = n / (2 * span)
                            var start = 0
                            while start < n {
                                for k in 0..<span {
                                    let wr = cosines[k * step], wi = sines[k * step]
                                    let a = start + k, b = a + span
                                    let tr = re[b] * wr - im[b] * wi
                                    let ti = re[b] * wi + im[b] * wr
                                    re[b] = re[a] - tr
                                    im[b] = im[a] - ti
                                    re[a] += tr
                                    im[a] += ti
                                }
                                start += 2 * span
                            }
                            span *= 2
                        }
                    }
                }
            }
        }
    }

    /// The periodic Hann window of `length` points, `0.5 − 0.5·cos(2πi/length)`.
    public static func hann(_ length: Int) -> [Float] {
        (0..<max(length, 0)).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(length))) }
    }
}
