import Foundation

/// The per-analytic parts a fuser wrote into its explanation, when the text follows one of the known shapes:
///
/// - signed contributions to the fused log-odds, e.g.
///   `logreg 0.91 (log-odds +2.30): adq +1.90, dctblock +0.80, ela -0.20; opted out: cfa +0.05; prior -0.40`;
/// - plain per-analytic scores, e.g. `mean of ela 0.50, ghosts 0.31; 1 analytic(s) opted out or failed`.
///
/// Anything else yields no parts, and the page shows only the text.
struct FusionExplanation: Sendable, Equatable {
    /// One analytic's part.
    struct Part: Sendable, Equatable {
        var name: String
        var value: Double
        /// Listed under "opted out" (its value is then the opt-out weight).
        var isOptedOut: Bool
    }

    /// Whether values are signed contributions (log-odds) or plain scores.
    var isSigned: Bool
    var parts: [Part]
    /// The model's prior (bias), when the text gives it.
    var prior: Double?

    /// Parses an explanation; `nil` when no part matches a known shape.
    init?(_ text: String) {
        let segments = text.components(separatedBy: "; ")
        guard let first = segments.first else { return nil }
        var parts: [Part] = []
        var signed: Bool?
        var prior: Double?
        func take(_ list: Substring, optedOut: Bool) -> Bool {
            for item in list.components(separatedBy: ", ") {
                guard let (name, value, isSigned) = Self.item(item) else { return false }
                if let signed, signed != isSigned { return false }
                signed = isSigned
                parts.append(Part(name: name, value: value, isOptedOut: optedOut))
            }
            return true
        }
        // The scored list follows the first ": " (signed form) or " of " (plain form).
        if let colon = first.range(of: ": ") {
            guard take(first[colon.upperBound...], optedOut: false) else { return nil }
        } else if let of = first.range(of: " of ") {
            guard take(first[of.upperBound...], optedOut: false), signed == false else { return nil }
        } else {
            return nil
        }
        for segment in segments.dropFirst() {
            if segment.hasPrefix("opted out: ") {
                _ = take(segment.dropFirst("opted out: ".count), optedOut: true)
            } else if segment.hasPrefix("prior "), let value = Self.number(String(segment.dropFirst("prior ".count))) {
                prior = value
            }
        }
        guard !parts.isEmpty, let signed else { return nil }
        self.isSigned = signed
        self.parts = parts
        self.prior = prior
    }

    /// `name +1.90` → (name, 1.9, signed); `name 0.50` → (name, 0.5, unsigned).
    private static func item(_ text: String) -> (String, Double, Bool)? {
        let pieces = text.trimmingCharacters(in: .whitespaces).split(separator: " ")
        guard pieces.count == 2, let value = number(String(pieces[1])) else { return nil }
        let first = pieces[1].first
        return (String(pieces[0]), value, first == "+" || first == "-" || first == "−")
    }

    /// A decimal number, accepting the Unicode minus sign.
    private static func number(_ text: String) -> Double? {
        let normalised = text.replacingOccurrences(of: "−", with: "-")
        guard let value = Double(normalised), value.isFinite,
            normalised.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" })
        else { return nil }
        return value
    }
}
