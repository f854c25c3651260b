import Foundation

/// A JSON value written by hand, with object keys in the order given (stable output for scripts and tests).
enum JSONText: Sendable {
    case string(String)
    case number(Double)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([(String, JSONText)])

    /// An object from literal pairs.
    static func object(_ pairs: KeyValuePairs<String, JSONText>) -> JSONText {
        .object(pairs.map { ($0.key, $0.value) })
    }

    /// `value`, or `null`.
    static func optional(_ value: Double?) -> JSONText { value.map { .number($0) } ?? .null }

    /// The compact JSON text.
    var text: String {
        var output = ""
        write(to: &output)
        return output
    }

    func write(to output: inout String) {
        switch self {
        case .string(let value): Self.quote(value, into: &output)
        case .number(let value): output += value.isFinite ? Self.number(value) : "null"
        case .int(let value): output += String(value)
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.write(to: &output)
            }
            output += "]"
        case .object(let pairs):
            output += "{"
            for (index, pair) in pairs.enumerated() {
                if index > 0 { output += "," }
                Self.quote(pair.0, into: &output)
                output += ":"
                pair.1.write(to: &output)
            }
            output += "}"
        }
    }

    private static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    private static func quote(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "<": output += "\\u003c"  // safe inside HTML too
            default:
                if scalar.value < 0x20 {
                    output += String(format: "\\u%04x", scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
