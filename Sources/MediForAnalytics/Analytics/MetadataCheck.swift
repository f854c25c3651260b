import Foundation
import MediForImaging

/// Metadata consistency check.
///
/// Method: the metadata checks of image-forensics practice, as described by H. Farid, "Photo Forensics", MIT
/// Press 2016 (ch. 2, "Metadata-based techniques": EXIF fields, JPEG quantization tables, embedded thumbnails),
/// and by E. Kee, M. K. Johnson, H. Farid, "Digital image authentication from JPEG headers", IEEE TIFS 2011
/// (cameras and editing software leave distinct header signatures). This analytic does not localize.
///
/// Here: the JPEG's APP1 EXIF block (TIFF structure: IFD0, Exif IFD and IFD1 thumbnail, either byte order,
/// every offset checked, each IFD visited once), its XMP packet (CreatorTool, History softwareAgent,
/// photoshop: fields), APP13 Photoshop resources, COM text and quantization tables are read (for a PNG: its text
/// chunks, iTXt XMP and eXIf). Each inconsistency is a finding with a weight: editing software named anywhere
/// (0.75; photoshop: XMP fields alone 0.6), EXIF thumbnail whose content or aspect ratio differs from the image
/// (0.8 / 0.7; a letterboxed thumbnail of the right picture is fine), DateTime differing from DateTimeOriginal
/// (0.35), camera Make/Model together with quantization tables that are exactly libjpeg's scaled standard tables
/// (0.35: cameras use their own tables, re-saving with libjpeg-based tools gives these), EXIF pixel dimensions not
/// those of the image (0.35), damaged EXIF structure (0.15), and a JPEG with no metadata at all (0.1: stripped,
/// common on the web, so weak). The score is 1 − Π(1 − wᵢ); the explanation lists the findings.
struct MetadataCheck: ForensicAnalytic {
    let descriptor = AnalyticDescriptor(
        id: "metadata", name: "Metadata consistency",
        summary: "Editing software, date, thumbnail, dimension and quantization-table inconsistencies in metadata.",
        citation: "Farid, Photo Forensics, MIT Press 2016 (metadata-based techniques); Kee, Johnson, Farid, "
            + "Digital image authentication from JPEG headers, IEEE TIFS 2011")

    /// Editing and processing software, matched case-insensitively in metadata text.
    static let editors = [
        "photoshop", "gimp", "lightroom", "affinity", "snapseed", "pixelmator", "paint.net", "paintshop", "corel",
        "acdsee", "capture one", "darktable", "rawtherapee", "luminar", "photopea", "krita", "facetune", "picsart",
        "canva", "fotor", "photoscape", "photodirector", "imagemagick", "graphicsmagick", "picasa", "camera raw",
        "imageready", "paint shop", "photo editor",
    ]

    struct Finding {
        var weight: Double
        var text: String
    }

    func analyze(_ input: AnalysisInput) throws(AnalysisError) -> AnalysisResult {
        let meta: ImageMetadata
        switch input.format {
        case .jpeg: meta = try MetadataReader.readJPEG(input.data)
        case .png: meta = try MetadataReader.readPNG(input.data)
        default: throw .unreadable("unsupported format \(input.format.displayName)")
        }
        var findings: [Finding] = []
        findings += softwareFindings(meta)
        if let exif = meta.exif {
            findings += try exifFindings(exif, meta: meta, input: input)
        }
        if !meta.problems.isEmpty {
            findings.append(Finding(weight: 0.15, text: "damaged metadata (\(meta.problems.prefix(2).joined(separator: "; ")))"))
        }
        if input.format == .jpeg && meta.isEmpty {
            findings.append(Finding(weight: 0.1, text: "no metadata at all: stripped (common for web images)"))
        }
        let score = 1 - findings.reduce(1.0) { $0 * (1 - $1.weight) }
        let explanation: String
        if findings.isEmpty {
            if meta.isEmpty {
                explanation = "no metadata (\(input.format.displayName) without EXIF, XMP or text): nothing to check"
            } else if let exif = meta.exif, exif.make != nil || exif.model != nil {
                explanation = "metadata consistent with a camera original (\(camera(exif)))"
            } else {
                explanation = "metadata present, no inconsistency found"
            }
        } else {
            explanation = findings.sorted { $0.weight > $1.weight }
                .map { String(format: "%@ [%.2f]", $0.text, $0.weight) }.joined(separator: "; ")
        }
        return AnalysisResult(score: max(score, 0.02), explanation: explanation)
    }

    private func camera(_ exif: ExifFields) -> String {
        if let make = exif.make, let model = exif.model, model.lowercased().hasPrefix(make.lowercased()) { return model }
        return [exif.make, exif.model].compactMap { $0 }.joined(separator: " ")
    }

    /// Editing software named in EXIF Software, XMP CreatorTool / History, COM or PNG text; Photoshop's own blocks.
    func softwareFindings(_ meta: ImageMetadata) -> [Finding] {
        var named: [String] = []
        func check(_ value: String?, _ source: String) {
            guard let value, Self.editors.contains(where: { value.lowercased().contains($0) }) else { return }
            named.append("\(source) \"\(value.prefix(60))\"")
        }
        check(meta.exif?.software, "EXIF Software")
        var photoshopFields: [String] = []
        if let xmp = meta.xmp {
            for value in XMPScanner.values(of: "CreatorTool", in: xmp) { check(value, "XMP CreatorTool") }
            for value in XMPScanner.values(of: "softwareAgent", in: xmp) { check(value, "XMP History softwareAgent") }
            photoshopFields = XMPScanner.prefixedNames("photoshop:", in: xmp)
        }
        for comment in meta.comments { check(comment, "comment") }
        var findings: [Finding] = []
        if !named.isEmpty {
            var unique: [String] = []
            for item in named where !unique.contains(item) { unique.append(item) }
            findings.append(Finding(weight: 0.75, text: "editing software named: " + unique.prefix(3).joined(separator: ", ")))
        } else if !photoshopFields.isEmpty || meta.hasPhotoshopResources {
            let what = photoshopFields.isEmpty ? "APP13 Photoshop resources" : "XMP " + photoshopFields.prefix(3).joined(separator: ", ")
            findings.append(Finding(weight: 0.6, text: "written by Photoshop: \(what)"))
        }
        return findings
    }

    private func exifFindings(_ exif: ExifFields, meta: ImageMetadata, input: AnalysisInput) throws(AnalysisError)
        -> [Finding]
    {
        var findings: [Finding] = []
        if let modified = exif.dateTime, let original = exif.dateTimeOriginal,
           Self.seconds(modified) != Self.seconds(original)
        {
            findings.append(Finding(weight: 0.35, text: "modified after capture: DateTime \(modified) ≠ DateTimeOriginal \(original)"))
        }
        if exif.make != nil || exif.model != nil, let quality = standardTableQuality(meta) {
            findings.append(Finding(
                weight: 0.35,
                text: "\(camera(exif)) but the quantization tables are libjpeg's standard tables at quality \(quality) (re-saved)"))
        }
        if let x = exif.pixelXDimension, let y = exif.pixelYDimension, meta.frameWidth > 0,
           x != meta.frameWidth || y != meta.frameHeight
        {
            findings.append(Finding(weight: 0.35, text: "EXIF says \(x)×\(y), image is \(meta.frameWidth)×\(meta.frameHeight)"))
        }
        if let thumbnail = exif.thumbnail {
            findings += try ThumbnailComparison.findings(thumbnail: thumbnail, image: try input.luminance())
        }
        return findings
    }

    /// The IJG quality whose scaled standard tables the file uses exactly (luminance, and chrominance when the
    /// frame has colour), or nil for other tables.
    func standardTableQuality(_ meta: ImageMetadata) -> Int? {
        let lumaId = meta.componentTables.first ?? 0
        guard let luma = meta.quantizationTables[lumaId] else { return nil }
        let estimate = JPEGQuality.estimate(luminance: luma)
        guard estimate.error == 0 else { return nil }
        if meta.componentTables.count >= 3, let chroma = meta.quantizationTables[meta.componentTables[1]] {
            let expected = JPEGQuality.scaled(JPEGQuality.standardChrominance, quality: estimate.quality)
            guard chroma.map(Int.init) == expected else { return nil }
        }
        return estimate.quality
    }

    /// "YYYY:MM:DD HH:MM:SS" as seconds (a monotonic count, not a calendar date), or nil when malformed.
    static func seconds(_ text: String) -> Int? {
        let parts = text.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "-" || $0 == "T" }).prefix(6)
        guard parts.count == 6 else { return nil }
        let numbers = parts.compactMap { Int($0.prefix(4)) }
        guard numbers.count == 6 else { return nil }
        return ((((numbers[0] * 12 + numbers[1]) * 31 + numbers[2]) * 24 + numbers[3]) * 60 + numbers[4]) * 60 + numbers[5]
    }
}

/// Finds attribute or element values in an XMP packet by plain text search (no XML parser: packets are small
/// and often malformed; every loop is bounded).
enum XMPScanner {
    /// Values of `name` written as `prefix:name="value"` or `<prefix:name>value</…>`, at most 50.
    static func values(of name: String, in xmp: String) -> [String] {
        var results: [String] = []
        var rest = xmp[...]
        while results.count < 50, let found = rest.range(of: name) {
            rest = rest[found.upperBound...]
            guard let first = rest.first else { break }
            if first == "=" {
                let afterEquals = rest.dropFirst()
                guard let quote = afterEquals.first, quote == "\"" || quote == "'" else { continue }
                let body = afterEquals.dropFirst()
                let value = body.prefix { $0 != quote }.prefix(200)
                results.append(String(value))
            } else if first == ">" {
                let value = rest.dropFirst().prefix { $0 != "<" }.prefix(200)
                results.append(String(value).trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        return results.filter { !$0.isEmpty }
    }

    /// Distinct names starting with `prefix` (e.g. `photoshop:ColorMode`), at most 10.
    static func prefixedNames(_ prefix: String, in xmp: String) -> [String] {
        var names: [String] = []
        var rest = xmp[...]
        var steps = 0
        while names.count < 10, steps < 1000, let found = rest.range(of: prefix) {
            steps += 1
            rest = rest[found.upperBound...]
            let name = prefix + rest.prefix { $0.isLetter || $0.isNumber }.prefix(40)
            if name.count > prefix.count, !names.contains(name) { names.append(String(name)) }
        }
        return names
    }
}

/// Compares an EXIF thumbnail with the image it claims to preview.
enum ThumbnailComparison {
    typealias Finding = MetadataCheck.Finding

    static func findings(thumbnail: [UInt8], image: GrayImage) throws(AnalysisError) -> [Finding] {
        let decoded: PixelImage
        do {
            decoded = try decodeImage(data: thumbnail, limits: ImageLimits(maxWidth: 2048, maxHeight: 2048, maxPixels: 1 << 22))
        } catch {
            return [Finding(weight: 0.2, text: "EXIF thumbnail does not decode (\(error))")]
        }
        let thumb = GrayImage(luminanceOf: decoded)
        let imageAspect = Double(image.width) / Double(image.height)
        let thumbAspect = Double(thumb.width) / Double(thumb.height)
        let whole = (x: 0, y: 0, width: thumb.width, height: thumb.height)
        let sameAspect = abs(log(imageAspect / thumbAspect)) < 0.04
        guard !sameAspect else {
            let match = correlation(thumb, whole, image)
            if match < 0.5 {
                return [Finding(weight: 0.8, text: String(format: "EXIF thumbnail shows a different picture (correlation %.2f)", match))]
            }
            if match < 0.75 {
                return [Finding(weight: 0.4, text: String(format: "EXIF thumbnail differs from the image (correlation %.2f)", match))]
            }
            return []
        }
        // Cameras letterbox thumbnails of another aspect ratio: compare the picture area inside the bars.
        var inner = whole
        if imageAspect > thumbAspect {
            inner.height = max(Int((Double(thumb.width) / imageAspect).rounded()), 1)
            inner.y = (thumb.height - inner.height) / 2
        } else {
            inner.width = max(Int((Double(thumb.height) * imageAspect).rounded()), 1)
            inner.x = (thumb.width - inner.width) / 2
        }
        let boxed = correlation(thumb, inner, image)
        if boxed >= 0.75 { return [] }
        var findings = [Finding(weight: 0.7, text: String(
            format: "EXIF thumbnail aspect %.3f differs from the image's %.3f", thumbAspect, imageAspect))]
        let best = max(boxed, correlation(thumb, whole, image))
        if best < 0.5 {
            findings.append(Finding(weight: 0.8, text: String(format: "EXIF thumbnail shows a different picture (correlation %.2f)", best)))
        }
        return findings
    }

    /// Pearson correlation between the thumbnail's `rect` and the image averaged down to the rect's size
    /// (for near-flat content: 1 when the means agree within 10 grey levels, else 0).
    static func correlation(_ thumb: GrayImage, _ rect: (x: Int, y: Int, width: Int, height: Int), _ image: GrayImage)
        -> Double
    {
        let width = rect.width, height = rect.height
        guard width > 0, height > 0 else { return 0 }
        var sums = [Double](repeating: 0, count: width * height)
        var counts = [Double](repeating: 0, count: width * height)
        let columnCell = (0..<image.width).map { $0 * width / image.width }
        image.pixels.withUnsafeBufferPointer { pixels in
            for y in 0..<image.height {
                let rowBase = (y * height / image.height) * width
                for x in 0..<image.width {
                    sums[rowBase + columnCell[x]] += Double(pixels[y * image.width + x])
                    counts[rowBase + columnCell[x]] += 1
                }
            }
        }
        var sa = 0.0, sb = 0.0, saa = 0.0, sbb = 0.0, sab = 0.0
        for y in 0..<height {
            for x in 0..<width {
                let a = sums[y * width + x] / max(counts[y * width + x], 1)
                let b = Double(thumb.pixels[(rect.y + y) * thumb.width + rect.x + x])
                sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b
            }
        }
        let n = Double(width * height)
        let va = saa / n - (sa / n) * (sa / n), vb = sbb / n - (sb / n) * (sb / n)
        guard va > 1, vb > 1 else { return abs(sa - sb) / n < 10 ? 1 : 0 }
        return (sab / n - sa / n * sb / n) / (va * vb).squareRoot()
    }
}
