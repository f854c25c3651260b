import Foundation
import MediForEval

/// A small dataset on disk in MediScore's layout, with masks stored as binary PGM files (the scorer takes any
/// decoder; PGM needs none): 40×32 probes, three targets and three non-targets.
///
/// | Probe | Target | Operation | Q | Reference mask |
/// |---|---|---|---|---|
/// | t1 | Y | splice | 70 | block x 8..<20, y 8..<18 |
/// | t2 | Y | blur | 90 | block x 20..<36, y 4..<20 |
/// | t3 | Y | contrast | 70 | none (global) |
/// | n1, n2, n3 | N | none | 70, 90, 90 | none |
struct ScoringFixture {
    static let width = 40
    static let height = 32
    static let targets = ["t1", "t2", "t3"]
    static let nonTargets = ["n1", "n2", "n3"]
    static let blocks: [String: (x: Range<Int>, y: Range<Int>)] = [
        "t1": (8..<20, 8..<18), "t2": (20..<36, 4..<20),
    ]

    let directory: URL

    /// Writes the dataset into a new temporary folder.
    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mediforeval-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("mask"), withIntermediateDirectories: true)
        var index = ["TaskID|ProbeFileID|ProbeFileName|ProbeWidth|ProbeHeight"]
        var reference = ["TaskID|ProbeFileID|ProbeFileName|ProbeMaskFileName|IsTarget|Operation|Q|HostID|Constant"]
        let rows: [(String, String, String, String)] = [
            ("t1", "Y", "splice", "70"), ("t2", "Y", "blur", "90"), ("t3", "Y", "contrast", "70"),
            ("n1", "N", "none", "70"), ("n2", "N", "none", "90"), ("n3", "N", "none", "90"),
        ]
        for (offset, (id, target, operation, quality)) in rows.enumerated() {
            index.append("manipulation|\(id)|probe/\(id).jpg|\(Self.width)|\(Self.height)")
            var maskName = ""
            if Self.blocks[id] != nil {
                maskName = "mask/\(id).pgm"
                try Self.writePGM(Self.referenceMask(id), to: directory.appendingPathComponent(maskName))
            }
            reference.append(
                "manipulation|\(id)|probe/\(id).jpg|\(maskName)|\(target)|\(operation)|\(quality)|host\(offset)|same")
        }
        try (index.joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("index.csv"), atomically: true, encoding: .utf8)
        try (reference.joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("reference.csv"), atomically: true, encoding: .utf8)
    }

    /// The reference mask of a target with a block: 0 inside the block, 255 elsewhere.
    static func referenceMask(_ id: String) -> [UInt8] {
        var pixels = [UInt8](repeating: 255, count: width * height)
        guard let block = blocks[id] else { return pixels }
        for y in block.y { for x in block.x { pixels[y * width + x] = 0 } }
        return pixels
    }

    /// Writes a system output folder `<name>/<name>.csv` with masks under `<name>/mask/`, and returns the CSV.
    /// - Parameters:
    ///   - rows: per probe: score (nil = blank), status, and mask pixels (nil = no mask).
    func writeSystem(
        _ name: String, rows: [(id: String, score: Double?, status: String, mask: [UInt8]?)],
        maskSize: (Int, Int) = (ScoringFixture.width, ScoringFixture.height)
    ) throws -> URL {
        let folder = directory.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("mask"), withIntermediateDirectories: true)
        var lines = ["ProbeFileID|ConfidenceScore|OutputProbeMaskFileName|ProbeStatus"]
        for row in rows {
            var maskName = ""
            if let pixels = row.mask {
                maskName = "mask/\(row.id).pgm"
                try Self.writePGM(
                    pixels, width: maskSize.0, height: maskSize.1, to: folder.appendingPathComponent(maskName))
            }
            lines.append("\(row.id)|\(row.score.map { "\($0)" } ?? "")|\(maskName)|\(row.status)")
        }
        let url = folder.appendingPathComponent("\(name).csv")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// A system that answers with the truth: score 1 for targets, 0 for non-targets, the reference masks.
    func writeGroundTruthSystem(name: String = "truth") throws -> URL {
        try writeSystem(
            name,
            rows: (Self.targets + Self.nonTargets).map { id in
                let mask = Self.blocks[id] != nil ? Self.referenceMask(id) : nil
                return (id, Self.targets.contains(id) ? 1 : 0, "Processed", mask)
            })
    }

    /// The dataset.
    func dataset() throws -> EvaluationDataset { try EvaluationDataset(directory: directory) }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    static func writePGM(_ pixels: [UInt8], width: Int = width, height: Int = height, to url: URL) throws {
        var data = Data("P5\n\(width) \(height)\n255\n".utf8)
        data.append(contentsOf: pixels)
        try data.write(to: url)
    }

    /// Reads a binary PGM written by ``writePGM(_:width:height:to:)``.
    static let loadPGM: DatasetScorer.MaskLoader = { url in
        let bytes = [UInt8](try Data(contentsOf: url))
        var fields: [String] = []
        var position = 0
        while fields.count < 4, position < bytes.count {
            var token = ""
            while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x20 {
                token.append(Character(UnicodeScalar(bytes[position])))
                position += 1
            }
            position += 1
            if !token.isEmpty { fields.append(token) }
        }
        guard fields.count == 4, fields[0] == "P5", let width = Int(fields[1]), let height = Int(fields[2]) else {
            throw EvaluationError(code: .invalidValue, message: "not a binary PGM")
        }
        return try MaskPlane(width: width, height: height, pixels: Array(bytes[position...]))
    }
}
