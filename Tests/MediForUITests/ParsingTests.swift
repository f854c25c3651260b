import Foundation
import MediForProto
import Testing

@testable import MediForUI

@Suite("Multipart reading")
struct MultipartReaderTests {
    static let body = Array(
        ("preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\ncase=1, a\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"dir/\\\"q\\\".jpg\"\r\n"
            + "Content-Type: image/jpeg\r\n\r\n\r\nx--XyZ is not a delimiter here\r\n--Xy\r\n--XyZ--\r\nepilogue").utf8)

    /// Feeds `body` split at `split`, collecting parts as (headers, body text).
    static func read(_ bytes: [UInt8], split: Int) throws -> [([String: String], String)] {
        var reader = MultipartReader(boundary: "XyZ")
        var parts: [([String: String], [UInt8])] = []
        for chunk in [Array(bytes[..<split]), Array(bytes[split...])] {
            for event in try reader.feed(chunk) {
                switch event {
                case .part(let headers): parts.append((headers, []))
                case .body(let data): parts[parts.count - 1].1 += data
                case .partEnd: break
                }
            }
        }
        try reader.finish()
        return parts.map { ($0.0, String(decoding: $0.1, as: UTF8.self)) }
    }

    @Test("every split point of a body gives the same parts")
    func everySplit() throws {
        for split in 0...Self.body.count {
            let parts = try Self.read(Self.body, split: split)
            #expect(parts.count == 2, "split at \(split)")
            #expect(parts.first?.1 == "case=1, a")
            #expect(parts.last?.1 == "\r\nx--XyZ is not a delimiter here\r\n--Xy")
            let disposition = MultipartReader.disposition(parts.last?.0["content-disposition"] ?? "")
            #expect(disposition.name == "files")
            #expect(disposition.filename == "dir/\"q\".jpg")
        }
    }

    @Test("a body cut short, or without parts, is an error")
    func truncated() throws {
        var reader = MultipartReader(boundary: "XyZ")
        _ = try reader.feed(Array(Self.body.prefix(120)))
        #expect(throws: MultipartReader.Failure.self) { try reader.finish() }
        var empty = MultipartReader(boundary: "XyZ")
        _ = try empty.feed(Array("no delimiter at all".utf8))
        #expect(throws: MultipartReader.Failure.self) { try empty.finish() }
    }

    @Test("huge part headers are refused")
    func hugeHeaders() {
        var reader = MultipartReader(boundary: "b")
        let flood = Array("--b\r\nX: ".utf8) + [UInt8](repeating: 65, count: 20_000)
        #expect(throws: MultipartReader.Failure.self) { _ = try reader.feed(flood) }
    }

    @Test(
        "boundaries are read from the content type",
        arguments: [
            ("multipart/form-data; boundary=abc", "abc"), ("multipart/form-data; boundary=\"a b\"", "a b"),
            ("Multipart/Form-Data;charset=utf-8; boundary=z", "z"),
        ])
    func boundary(type: String, expected: String) {
        #expect(MultipartReader.boundary(fromContentType: type) == expected)
    }

    @Test(
        "content types without a usable boundary are refused",
        arguments: [
            "multipart/form-data", "application/json; boundary=x", "multipart/form-data; boundary=",
            "multipart/form-data; boundary=" + String(repeating: "x", count: 71),
        ])
    func noBoundary(type: String) {
        #expect(MultipartReader.boundary(fromContentType: type) == nil)
    }
}

@Suite("Upload digests")
struct DigestTests {
    /// MD5, SHA-1 and SHA-256 of `bytes` as a staged upload computes them, fed in chunks of `chunk` bytes.
    static func digests(_ bytes: [UInt8], chunk: Int) throws -> (md5: String, sha1: String, sha256: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("medifor-digest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try StagedFile(clientName: "probe.bin", folder: folder.path)
        defer { file.discard() }
        for start in stride(from: 0, to: bytes.count, by: chunk) {
            try Array(bytes[start..<min(bytes.count, start + chunk)]).withUnsafeBytes { try file.append($0) }
        }
        try file.finish()
        #expect(try Data(contentsOf: URL(fileURLWithPath: file.path)) == Data(bytes))
        return try #require(file.digests)
    }

    static let twoBlocks = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)

    @Test("the RFC 1321 and FIPS 180 examples, in any chunking", arguments: [1, 7, 64, 1000])
    func vectors(chunk: Int) throws {
        let empty = try Self.digests([], chunk: chunk)
        #expect(empty.md5 == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(empty.sha1 == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(empty.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let abc = try Self.digests(Array("abc".utf8), chunk: chunk)
        #expect(abc.md5 == "900150983cd24fb0d6963f7d28e17f72")
        #expect(abc.sha1 == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(abc.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = try Self.digests(Self.twoBlocks, chunk: chunk)
        #expect(long.md5 == "8215ef0796a20bcaaae116d3876c664a")
        #expect(long.sha1 == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(long.sha256 == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("a million 'a' in 64 KiB chunks")
    func million() throws {
        let digests = try Self.digests([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000), chunk: 65_536)
        #expect(digests.md5 == "7707d6ae4e027c70eea2a935c2296f21")
        #expect(digests.sha1 == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
        #expect(digests.sha256 == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

@Suite("Fusion explanations")
struct FusionExplanationTests {
    @Test("signed contributions, opted-out analytics and the prior are read")
    func signed() throws {
        let parsed = try #require(
            FusionExplanation(
                "logreg 0.91 (log-odds +2.30): adq +1.90, dctblock +0.80, ela −0.20; opted out: cfa +0.05; prior -0.40; not in model: foo"
            ))
        #expect(parsed.isSigned)
        #expect(
            parsed.parts == [
                .init(name: "adq", value: 1.9, isOptedOut: false),
                .init(name: "dctblock", value: 0.8, isOptedOut: false),
                .init(name: "ela", value: -0.2, isOptedOut: false), .init(name: "cfa", value: 0.05, isOptedOut: true),
            ])
        #expect(parsed.prior == -0.4)
    }

    @Test("plain per-analytic scores are read as unsigned")
    func plain() throws {
        let parsed = try #require(FusionExplanation("mean of ela 0.50, ghost 0.31; 1 analytic(s) opted out or failed"))
        #expect(!parsed.isSigned)
        #expect(parsed.parts.map(\.name) == ["ela", "ghost"])
        #expect(parsed.parts.map(\.value) == [0.5, 0.31])
    }

    @Test(
        "other text yields no parts",
        arguments: [
            "", "no analytic gave a score", "logreg: something happened", "mean of ela high", "x: a +1, b 0.5",
        ])
    func unknown(text: String) {
        #expect(FusionExplanation(text) == nil)
    }
}

@Suite("Small parsers")
struct SmallParserTests {
    @Test("tags: key=value, labels, lists, facet keys")
    func tags() throws {
        #expect(TagText.parse(" Case = 42 ") == ("case", "42"))
        #expect(TagText.parse("Flagged") == ("flagged", ""))
        #expect(TagText.format(("a", "null")) == "a")
        let list = try #require(TagText.parseList("a=1, b\n c=x=y,,"))
        #expect(list.map { $0.key } == ["a", "b", "c"])
        #expect(list.map { $0.value } == ["1", "", "x=y"])
        #expect(TagText.parseList("=nokey") == nil)
        #expect(TagText.splitCountKey("a\\=b=c\\\\d") == ("a=b", "c\\d"))
    }

    @Test("page cursors round-trip and reject junk")
    func cursor() throws {
        let cursor = ListCursor(token: "eyJvZmZzZXQiOjEwMH0=", skip: 17)
        #expect(try ListCursor(encoded: cursor.encoded) == cursor)
        #expect(throws: (any Error).self) { try ListCursor(encoded: "@@@") }
        #expect(throws: (any Error).self) { try ListCursor(encoded: ListCursor(token: "x", skip: 5000).encoded) }
    }

    @Test(
        "byte ranges",
        arguments: [
            ("bytes=0-9", 100, 0...9), ("bytes=90-", 100, 90...99), ("bytes=-10", 100, 90...99),
            ("bytes=95-200", 100, 95...99),
        ])
    func ranges(header: String, size: Int, expected: ClosedRange<Int>) {
        #expect(StorageFiles.byteRange(header, size: size) == expected)
    }

    @Test(
        "unsatisfiable or malformed ranges",
        arguments: ["bytes=100-", "bytes=5-2", "bytes=0-1,3-4", "items=0-1", "bytes=-0"])
    func badRanges(header: String) {
        #expect(StorageFiles.byteRange(header, size: 100) == nil)
    }

    @Test("score badges use five colour steps and always carry the number")
    func badges() throws {
        #expect(ScoreBadge(nil) == nil)
        #expect(try #require(ScoreBadge(0)).level == "s0")
        #expect(try #require(ScoreBadge(0.45)).level == "s2")
        #expect(try #require(ScoreBadge(1)).level == "s4")
        let outside = try #require(ScoreBadge(1.7))
        #expect(outside.text == "1.00")
        #expect(outside.title.contains("outside 0…1"))
    }

    @Test("CSV cells are quoted and formulas defused")
    func csvCells() {
        #expect(DetectionTable.cell("plain") == "plain")
        #expect(DetectionTable.cell("a,b") == "\"a,b\"")
        #expect(DetectionTable.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(DetectionTable.cell("=cmd()") == "'=cmd()")
        #expect(DetectionTable.cell("-0.5") == "-0.5")
    }

    @Test("EXIF fields are read from a JPEG's APP1 segment, and damage yields nothing")
    func exif() {
        // Little-endian TIFF: IFD0 with Make (ASCII, 6 bytes at offset 26) and Orientation (SHORT 6).
        var tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x02, 0x00]
        tiff += [0x0F, 0x01, 0x02, 0x00, 0x06, 0x00, 0x00, 0x00, 0x26, 0x00, 0x00, 0x00]
        tiff += [0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00]
        tiff += [0x00, 0x00, 0x00, 0x00] + Array("Canon\0".utf8)
        let payload = Array("Exif\0\0".utf8) + tiff
        let segment: [UInt8] =
            [0xFF, 0xE1, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
        let jpeg: [UInt8] = [0xFF, 0xD8] + segment + [0xFF, 0xDA, 0x00, 0x02]
        #expect(ExifReader.fields(fromJPEGPrefix: jpeg) == ["EXIF:Make": "Canon", "EXIF:Orientation": "6"])
        var damaged = jpeg
        damaged[24] = 0xFF  // the Make value's offset now points far outside the block
        #expect(ExifReader.fields(fromJPEGPrefix: damaged)["EXIF:Make"] == nil)
        #expect(ExifReader.fields(fromJPEGPrefix: Array(jpeg.prefix(20))).isEmpty)
    }

    @Test("flagged video frame ranges become timeline segments scaled to the frame count")
    func timeline() {
        func range(_ start: Int32, _ end: Int32, _ score: Double) -> Mediforproto_ScoredIntRange {
            var value = Mediforproto_ScoredIntRange()
            value.range.start = start
            value.range.end = end
            value.score = score
            return value
        }
        let segments = AnalyticRow.segments([range(0, 49, 0.9), range(150, 199, 0.1), range(30, 10, 1)], frames: 200)
        #expect(segments.map(\.left) == ["0.00", "75.00"])
        #expect(segments.map(\.width) == ["25.00", "25.00"])
        #expect(segments.map(\.level) == ["s4", "s0"])
        #expect(AnalyticRow.segments([range(0, 9, 0.5)], frames: nil).first?.width == "100.00")
        #expect(AnalyticRow.segments([], frames: 10).isEmpty)
    }

    @Test("a fuser's row shows scored contributions as bars and keeps opted-out analytics apart")
    func fusionRow() throws {
        var entry = Mediforproto_FuserFusionInfo()
        entry.fuserID = "logreg"
        entry.stage = .finished
        entry.status = .success
        entry.fusion.imgManip.score = 0.91
        entry.fusion.imgManip.explanation = "logreg 0.91 (log-odds +2.30): adq +1.90, ela -0.95; opted out: cfa +0.05"
        let row = FusionRow(entry, catalog: UICatalog(Mediforproto_AnalyticList()), selected: true)
        #expect(row.score?.text == "0.91")
        #expect(row.status == "Done")
        #expect(row.isSigned)
        #expect(row.bars.map(\.name) == ["adq", "ela"])
        #expect(row.bars.map(\.width) == [100, 50])
        #expect(row.bars.map(\.isNegative) == [false, true])
        #expect(row.optedOutBars.map(\.name) == ["cfa"])
        #expect(row.optedOutCount == 1)
    }
}
