import Foundation
import MediForImaging

/// A small dataset in MediScore's layout, built with MediForImaging: six 160×128 JPEG probes generated from seeded
/// textures, PNG reference masks, `index.csv` and `reference.csv`.
///
/// | Probe | Target | Operation | Reference mask |
/// |---|---|---|---|
/// | t1 | Y | splice | block x 24..<72, y 24..<64 pasted from another texture |
/// | t2 | Y | splice | block x 88..<144, y 16..<56 |
/// | t3 | Y | recompress | none (saved at quality 60, a global edit) |
/// | c1, c2, c3 | N | splice, splice, recompress | none |
struct EvalFixture {
    static let width = 160
    static let height = 128
    static let targets = ["t1", "t2", "t3"]
    static let controls = ["c1", "c2", "c3"]
    static let blocks: [String: (x: Range<Int>, y: Range<Int>)] = ["t1": (24..<72, 24..<64), "t2": (88..<144, 16..<56)]

    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("medifor-eval-\(UUID().uuidString)", isDirectory: true)
        for folder in ["probe", "mask"] {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        var index = ["TaskID|ProbeFileID|ProbeFileName|ProbeWidth|ProbeHeight"]
        var reference = ["TaskID|ProbeFileID|ProbeFileName|ProbeMaskFileName|IsTarget|HostID|Operation"]
        let rows: [(id: String, seed: UInt64, operation: String)] = [
            ("t1", 1, "splice"), ("t2", 2, "splice"), ("t3", 3, "recompress"),
            ("c1", 1, "splice"), ("c2", 2, "splice"), ("c3", 3, "recompress"),
        ]
        for row in rows {
            var image = try Self.texture(seed: row.seed)
            var quality = 92
            var maskName = ""
            if let block = Self.blocks[row.id] {
                let donor = try Self.texture(seed: row.seed + 100)
                for y in block.y {
                    for x in block.x { for c in 0..<3 { image[x, y, c] = donor[x, y, c] } }
                }
                maskName = "mask/\(row.id).png"
                try write(encodePNGMask(width: Self.width, height: Self.height, pixels: Self.referenceMask(row.id)),
                    to: maskName)
            } else if row.id == "t3" {
                quality = 60
            }
            try write(encodeJPEG(image, quality: quality), to: "probe/\(row.id).jpg")
            index.append("manipulation|\(row.id)|probe/\(row.id).jpg|\(Self.width)|\(Self.height)")
            let target = row.id.hasPrefix("t") ? "Y" : "N"
            reference.append(
                "manipulation|\(row.id)|probe/\(row.id).jpg|\(maskName)|\(target)|host\(row.seed)|\(row.operation)")
        }
        try write(Array((index.joined(separator: "\n") + "\n").utf8), to: "index.csv")
        try write(Array((reference.joined(separator: "\n") + "\n").utf8), to: "reference.csv")
    }

    /// 0 inside the target's block, 255 elsewhere (all white for probes without one).
    static func referenceMask(_ id: String) -> [UInt8] {
        var pixels = [UInt8](repeating: 255, count: width * height)
        guard let block = blocks[id] else { return pixels }
        for y in block.y { for x in block.x { pixels[y * width + x] = 0 } }
        return pixels
    }

    /// A smooth colour texture with fine grain, different for every seed.
    static func texture(seed: UInt64) throws -> PixelImage {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let phases = (0..<9).map { _ in next() * 2 * Double.pi }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 {
                    let wave =
                        sin(Double(x) / (7 + Double(c)) + phases[c]) + cos(Double(y) / (9 + Double(c)) + phases[c + 3])
                        + sin(Double(x + y) / 13 + phases[c + 6])
                    let value = 128 + 34 * wave + 14 * (next() - 0.5)
                    pixels[(y * width + x) * 3 + c] = UInt8(max(0, min(255, value.rounded())))
                }
            }
        }
        return try PixelImage(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// Writes bytes under the dataset folder.
    func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: root.appendingPathComponent(path))
    }

    /// A system output that tells the truth: score 1 for targets, 0 for controls, the reference masks (as PNG).
    func writeGroundTruthSystem(folder: String = "truth") throws -> URL {
        let directory = root.appendingPathComponent(folder, isDirectory: true)
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("mask"), withIntermediateDirectories: true)
        var lines = ["ProbeFileID|ConfidenceScore|OutputProbeMaskFileName|ProbeStatus"]
        for id in Self.targets + Self.controls {
            var mask = ""
            if Self.blocks[id] != nil {
                mask = "mask/\(id).png"
                let png = try encodePNGMask(width: Self.width, height: Self.height, pixels: Self.referenceMask(id))
                try Data(png).write(to: directory.appendingPathComponent(mask))
            }
            lines.append("\(id)|\(Self.targets.contains(id) ? 1 : 0)|\(mask)|Processed")
        }
        let url = directory.appendingPathComponent("\(folder).csv")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
