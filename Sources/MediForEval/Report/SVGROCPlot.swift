/// A ROC plot as an inline SVG element: axes with ticks at every 0.1 (labelled every 0.2), a light grid, the
/// chance diagonal, one polyline per curve and, optionally, a legend to the right.
///
/// The SVG has no scripts, fonts or external references, so it prints and survives being saved alone. Each
/// curve's polyline carries `data-series="<index>"`; its points are the ROC points mapped by ``Geometry``.
public struct SVGROCPlot: Sendable {
    /// One curve.
    public struct Series: Sendable {
        /// The legend text, for example `ela (AUC 0.812)`.
        public var label: String
        /// The ROC points, in curve order.
        public var points: [ROCPoint]
        /// A CSS colour, for example `#4e79a7`.
        public var color: String
        /// An SVG dash pattern such as `6 3`, or `nil` for a solid line.
        public var dash: String?

        /// Creates a series.
        public init(label: String, points: [ROCPoint], color: String, dash: String? = nil) {
            self.label = label
            self.points = points
            self.color = color
            self.dash = dash
        }
    }

    /// Where the unit square lands in the SVG's coordinates.
    public struct Geometry: Hashable, Sendable {
        /// Left edge of the plot area (room for the TPR labels).
        public var left: Double
        /// Top edge of the plot area.
        public var top: Double
        /// Side of the square plot area.
        public var side: Double

        /// Creates a geometry.
        public init(left: Double = 52, top: Double = 16, side: Double = 320) {
            self.left = left
            self.top = top
            self.side = side
        }

        /// The x coordinate of a false positive rate.
        public func x(_ fpr: Double) -> Double { left + fpr * side }
        /// The y coordinate of a true positive rate (up is higher).
        public func y(_ tpr: Double) -> Double { top + (1 - tpr) * side }
        /// The false positive rate at an x coordinate.
        public func fpr(atX x: Double) -> Double { (x - left) / side }
        /// The true positive rate at a y coordinate.
        public func tpr(atY y: Double) -> Double { 1 - (y - top) / side }
    }

    /// The curves, drawn in order (later ones on top).
    public var series: [Series]
    /// The plot area.
    public var geometry: Geometry
    /// The SVG's `<title>`: what a screen reader announces and a tooltip shows.
    public var title: String
    /// Whether to draw the legend to the right of the plot.
    public var showsLegend: Bool

    /// Creates a plot.
    public init(series: [Series], title: String, geometry: Geometry = Geometry(), showsLegend: Bool = true) {
        self.series = series
        self.geometry = geometry
        self.title = title
        self.showsLegend = showsLegend
    }

    /// A colour for the `index`-th system: ten distinguishable hues, with dash patterns after the first ten.
    public static func style(forIndex index: Int) -> (color: String, dash: String?) {
        let palette = [
            "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
            "#79706e",
        ]
        let dashes: [String?] = [nil, "7 3", "2 2", "9 3 2 3"]
        let position = max(index, 0)
        return (palette[position % palette.count], dashes[(position / palette.count) % dashes.count])
    }

    private static let legendRow = 18.0
    private static let legendWidth = 250.0
    private static let maxLabelCharacters = 34

    /// The SVG element.
    public func rendered() -> String {
        let g = geometry
        let bottom = g.top + g.side
        let legendHeight = showsLegend ? Double(series.count) * Self.legendRow + g.top : 0
        let width = g.left + g.side + 16 + (showsLegend ? Self.legendWidth : 0)
        let height = max(bottom + 44, legendHeight + 8)
        let f = HTMLText.coordinate
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"roc\" viewBox=\"0 0 \(f(width)) \(f(height))\" "
        svg += "width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\">"
        svg += "<title>\(HTMLText.escape(title))</title>"
        svg += "<rect x=\"\(f(g.left))\" y=\"\(f(g.top))\" width=\"\(f(g.side))\" height=\"\(f(g.side))\" "
        svg += "class=\"frame\"/>"
        for step in 0...10 {
            let value = Double(step) / 10
            let (x, y) = (g.x(value), g.y(value))
            if step > 0 && step < 10 {
                svg += Self.line(from: (x, g.top), to: (x, bottom), class: "grid")
                svg += Self.line(from: (g.left, y), to: (g.x(1), y), class: "grid")
            }
            svg += Self.line(from: (x, bottom), to: (x, bottom + 4), class: "tick")
            svg += Self.line(from: (g.left - 4, y), to: (g.left, y), class: "tick")
            if step % 2 == 0 {
                let label = ReportFormat.label(value)
                svg += "<text x=\"\(f(x))\" y=\"\(f(bottom + 16))\" class=\"xtick\">\(label)</text>"
                svg += "<text x=\"\(f(g.left - 7))\" y=\"\(f(y + 4))\" class=\"ytick\">\(label)</text>"
            }
        }
        svg += "<text x=\"\(f(g.x(0.5)))\" y=\"\(f(bottom + 34))\" class=\"xlabel\">false positive rate</text>"
        svg += "<text x=\"12\" y=\"\(f(g.y(0.5)))\" class=\"ylabel\" transform=\"rotate(-90 12 \(f(g.y(0.5))))\">"
        svg += "true positive rate</text>"
        svg += Self.line(from: (g.x(0), g.y(0)), to: (g.x(1), g.y(1)), class: "chance")
        for (index, curve) in series.enumerated() {
            let points = curve.points.map { "\(f(g.x($0.fpr))),\(f(g.y($0.tpr)))" }.joined(separator: " ")
            svg += "<polyline data-series=\"\(index)\" points=\"\(points)\" fill=\"none\"\(Self.stroke(curve)) "
            svg += "class=\"curve\"><title>\(HTMLText.escape(curve.label))</title></polyline>"
        }
        if showsLegend { svg += legend() }
        svg += "</svg>"
        return svg
    }

    private func legend() -> String {
        let f = HTMLText.coordinate
        let x = geometry.left + geometry.side + 16
        var svg = ""
        for (index, curve) in series.enumerated() {
            let y = geometry.top + Double(index) * Self.legendRow + 8
            svg += "<g class=\"legend\"><title>\(HTMLText.escape(curve.label))</title>"
            svg += "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + 22))\" y2=\"\(f(y))\"\(Self.stroke(curve)) "
            svg += "class=\"curve\"/>"
            var label = curve.label
            if label.count > Self.maxLabelCharacters {
                label = String(label.prefix(Self.maxLabelCharacters - 1)) + "…"
            }
            svg += "<text x=\"\(f(x + 28))\" y=\"\(f(y + 4))\">\(HTMLText.escape(label))</text></g>"
        }
        return svg
    }

    /// ` stroke="…"` and, for a dashed curve, ` stroke-dasharray="…"`.
    private static func stroke(_ curve: Series) -> String {
        var text = " stroke=\"\(HTMLText.escape(curve.color))\""
        if let dash = curve.dash { text += " stroke-dasharray=\"\(HTMLText.escape(dash))\"" }
        return text
    }

    /// A `<line>` between two points.
    private static func line(from start: (Double, Double), to end: (Double, Double), class name: String) -> String {
        let f = HTMLText.coordinate
        return "<line x1=\"\(f(start.0))\" y1=\"\(f(start.1))\" x2=\"\(f(end.0))\" y2=\"\(f(end.1))\" "
            + "class=\"\(name)\"/>"
    }
}
