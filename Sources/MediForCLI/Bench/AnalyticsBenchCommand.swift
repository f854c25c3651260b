import ArgumentParser
import Foundation
import MediForAnalytics
import MediForImaging

/// `medifor bench analytics`: seconds per analytic on a deterministic 12 MP JPEG, and all of them at once.
struct AnalyticsBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "Time every built-in analytic on a deterministic 12 MP JPEG (4000×3000, quality 90).",
        discussion: """
            The image is synthesised (smooth gradients, texture and sharp edges from a fixed seed), so every run \
            measures the same input. Prints the decode time of the file as the reference unit, each analytic's \
            time alone, and the wall time of all analytics run concurrently on this machine's cores, with the \
            process's peak memory. Build with -c release for meaningful numbers.
            """
    )

    @Option(help: "Image width.")
    var width = 4000

    @Option(help: "Image height.")
    var height = 3000

    func run() async throws {
        let jpeg = try encodeJPEG(Self.syntheticImage(width: width, height: height), quality: 90)
        print("analytics benchmark: \(width)x\(height) JPEG, \(jpeg.count / 1024) KiB, "
              + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
        let decodeStart = ContinuousClock.now
        _ = try decodeImage(data: jpeg)
        let decode = Self.seconds(decodeStart.duration(to: .now))
        print(String(format: "  %-10@ %7.2f s  (reference unit)", "decode" as NSString, decode))
        for analytic in BuiltinAnalytics.all {
            let outcome = AnalysisRunner.run(analytic, on: AnalysisInput(data: jpeg), maskPath: nil)
            let status: String
            switch outcome.result {
            case .success(let result): status = result.isOptOut ? "opt-out" : String(format: "score %.2f", result.score)
            case .failure(let error): status = "error: \(error)"
            }
            print("  " + outcome.id.padding(toLength: 10, withPad: " ", startingAt: 0)
                  + String(format: " %7.2f s  %5.1f× decode  ", outcome.seconds, outcome.seconds / max(decode, 1e-9))
                  + status)
        }
        let allStart = ContinuousClock.now
        let input = AnalysisInput(data: jpeg)
        var slowest = 0.0
        await withTaskGroup(of: Double.self) { group in
            for analytic in BuiltinAnalytics.all {
                group.addTask { AnalysisRunner.run(analytic, on: input, maskPath: nil).seconds }
            }
            for await seconds in group { slowest = max(slowest, seconds) }
        }
        let wall = Self.seconds(allStart.duration(to: .now))
        print(String(format: "  all %d concurrently: %.2f s wall; peak memory %.0f MiB", BuiltinAnalytics.all.count,
                     wall, Self.peakMemoryMiB()))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Peak resident set size of this process (VmHWM), in MiB.
    static func peakMemoryMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return kilobytes / 1024
    }

    /// A deterministic photo-like RGB image: gradients, a seeded texture and hard-edged shapes.
    static func syntheticImage(width: Int, height: Int) throws -> PixelImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        pixels.withUnsafeMutableBufferPointer { buffer in
            for y in 0..<height {
                for x in 0..<width {
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    let noise = Int(state >> 60) - 8
                    let inDisc = ((x - width / 3) * (x - width / 3) + (y - height / 2) * (y - height / 2)) < (height / 5) * (height / 5)
                    let stripe = (x / 64 + y / 96) % 2 == 0
                    let base = 3 * (y * width + x)
                    let r = (x * 255 / width) / 2 + (inDisc ? 90 : 20) + noise
                    let g = (y * 255 / height) / 2 + (stripe ? 60 : 10) + noise
                    let b = ((x + y) * 255 / (width + height)) / 2 + 40 + noise
                    buffer[base] = UInt8(clamping: r)
                    buffer[base + 1] = UInt8(clamping: g)
                    buffer[base + 2] = UInt8(clamping: b)
                }
            }
        }
        return try PixelImage(width: width, height: height, channels: 3, pixels: pixels)
    }
}
