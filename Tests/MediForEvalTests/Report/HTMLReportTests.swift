import Foundation
import MediForEval
import Testing

/// Checks that every element the report emits is closed in order: a small stack parser over tags, which treats
/// void elements and `/>` as self-closing and skips the doctype. Returns the problems found.
func tagBalanceProblems(_ html: String) -> [String] {
    let void: Set<String> = ["meta", "br", "hr", "img", "link", "input", "col"]
    var stack: [String] = []
    var problems: [String] = []
    var rest = html[...]
    while let open = rest.firstIndex(of: "<") {
        guard let close = rest[open...].firstIndex(of: ">") else {
            problems.append("unterminated tag")
            break
        }
        let tag = rest[rest.index(after: open)..<close]
        rest = rest[rest.index(after: close)...]
        if tag.hasPrefix("!") { continue }
        let selfClosing = tag.hasSuffix("/")
        let isEnd = tag.hasPrefix("/")
        let name = String(tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }).lowercased()
        guard !name.isEmpty else {
            problems.append("bad tag <\(tag)>")
            continue
        }
        if isEnd {
            if stack.last == name {
                stack.removeLast()
            } else {
                problems.append("</\(name)> closes <\(stack.last ?? "")>")
            }
        } else if !selfClosing && !void.contains(name) {
            stack.append(name)
        }
    }
    if !stack.isEmpty { problems.append("unclosed: \(stack)") }
    return problems
}

@Suite("HTML report")
struct HTMLReportTests {
    static let hostile = "<script>alert(\"x\")</script> & 'co'"

    static func report() throws -> (ScoreReport, ScoringFixture) {
        let fixture = try ScoringFixture()
        let report = try DatasetScorerTests.scorer().score(
            dataset: fixture.dataset(),
            systems: [
                .init(name: Self.hostile, url: DatasetScorerTests.writeGuesser(fixture)),
                .init(name: "truth", url: fixture.writeGroundTruthSystem()),
            ],
            title: "fixture <b>")
        return (report, fixture)
    }

    @Test("the page is balanced, standalone and escapes every name")
    func wellFormed() throws {
        let (report, fixture) = try Self.report()
        defer { fixture.remove() }
        let html = HTMLReport(report: report, notes: ["dataset: <here>"]).rendered()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(tagBalanceProblems(html) == [])
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"))
        #expect(html.contains("dataset: &lt;here&gt;"))
        // Nothing to fetch: the only URL is the SVG namespace.
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        for needle in ["http:", "https:", "src=", "href=", "@import", "url("] {
            #expect(!withoutNamespace.contains(needle), "\(needle)")
        }
        #expect(html.contains("@media print"))
    }

    @Test("the summary lists systems by AUC and the factor tables show the partition metrics")
    func tables() throws {
        let (report, fixture) = try Self.report()
        defer { fixture.remove() }
        let html = HTMLReport(report: report).rendered()
        let summary = try #require(Self.element("table", class: "summary", in: html))
        let truth = try #require(summary.range(of: ">truth</td>"))
        let guesser = try #require(summary.range(of: "&lt;script&gt;"))
        #expect(truth.lowerBound < guesser.lowerBound)
        #expect(summary.contains("<td>1.000</td>"))
        let guesserAUC = try #require(report.systems[0].detection.metrics?.auc)
        #expect(summary.contains("<td>\(String(format: "%.3f", guesserAUC))</td>"))

        let operation = try #require(Self.element("table", attribute: "data-factor=\"Operation\"", in: html))
        let headers = Self.cells("th", in: operation)
        #expect(headers == ["Operation", "blur", "contrast", "splice"])
        let groups = report.systems[0].partitionGroups
        let rows = operation.components(separatedBy: "<tr>").dropFirst(2).map { Self.cells("td", in: $0) }
        #expect(rows.first == ["trials (targets/non-targets)", "1/3", "1/3", "1/3"])
        let guesserRow = try #require(rows.first { $0.first?.hasPrefix("&lt;script") == true })
        let expected = groups[0].cells.map { String(format: "%.3f", $0.summary.metrics?.auc ?? .nan) }
        #expect(Array(guesserRow.dropFirst()) == expected)
        #expect(html.contains("Localization"))
    }

    @Test("each ROC polyline maps back to its curve's points")
    func svgPoints() throws {
        let (report, fixture) = try Self.report()
        defer { fixture.remove() }
        let html = HTMLReport(report: report).rendered()
        let ranked = report.systemsByAUC
        let geometry = SVGROCPlot.Geometry()
        let overlay = try #require(Self.element("figure", class: "overlay", in: html))
        let polylines = overlay.components(separatedBy: "<polyline ").dropFirst()
        #expect(polylines.count == ranked.count)
        for (system, polyline) in zip(ranked, polylines) {
            let curve = try #require(system.detection.metrics?.roc.points)
            let attribute = try #require(polyline.components(separatedBy: "points=\"").dropFirst().first)
            let pairs = attribute.prefix { $0 != "\"" }.split(separator: " ").map { pair in
                pair.split(separator: ",").compactMap { Double($0) }
            }
            #expect(pairs.count == curve.count)
            for (pair, point) in zip(pairs, curve) {
                #expect(abs(geometry.fpr(atX: pair[0]) - point.fpr) < 0.01 / geometry.side)
                #expect(abs(geometry.tpr(atY: pair[1]) - point.tpr) < 0.01 / geometry.side)
            }
        }
        // The diagonal, and one small plot per system.
        #expect(overlay.contains("class=\"chance\""))
        #expect(html.components(separatedBy: "<figure class=\"single\">").count - 1 == ranked.count)
    }

    @Test("SVG geometry: corners and ticks land on the plot frame")
    func geometry() {
        let geometry = SVGROCPlot.Geometry(left: 50, top: 10, side: 200)
        #expect(geometry.x(0) == 50 && geometry.x(1) == 250)
        #expect(geometry.y(0) == 210 && geometry.y(1) == 10)
        let svg = SVGROCPlot(series: [], title: "empty", geometry: geometry, showsLegend: false).rendered()
        #expect(tagBalanceProblems(svg) == [])
        for label in ["0", "0.2", "0.4", "0.6", "0.8", "1"] {
            #expect(svg.contains(">\(label)</text>"), "\(label)")
        }
        #expect(svg.components(separatedBy: "class=\"tick\"").count - 1 == 22)
    }

    /// The first `<tag …>…</tag>` whose opening tag contains `class="…"` or the attribute text.
    static func element(_ tag: String, class name: String? = nil, attribute: String? = nil, in html: String)
        -> String?
    {
        let marker = name.map { "class=\"\($0)\"" } ?? attribute ?? ""
        guard let found = html.range(of: marker),
            let start = html.range(of: "<\(tag) ", options: .backwards, range: html.startIndex..<found.lowerBound),
            let end = html.range(of: "</\(tag)>", range: found.upperBound..<html.endIndex)
        else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// The text of every `<tag>` cell in `html`, tags inside removed.
    static func cells(_ tag: String, in html: String) -> [String] {
        html.components(separatedBy: "<\(tag)").dropFirst().filter { $0.first == ">" || $0.first == " " }.map { piece in
            let content = piece.drop { $0 != ">" }.dropFirst()
            let text = content.components(separatedBy: "</\(tag)>").first ?? ""
            return text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        }
    }
}
