// Hand-built protobuf encodings derived from the spec tables only (never from the generated code), so the
// generated Swift types can be checked byte for byte against the specification.

import Foundation

enum WireType: UInt64, Sendable, CustomStringConvertible {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5

    var description: String {
        switch self {
        case .varint: "varint"
        case .fixed64: "fixed64"
        case .lengthDelimited: "length-delimited"
        case .fixed32: "fixed32"
        }
    }
}

enum WireSamples {
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            out.append(byte)
        } while value != 0
        return out
    }

    /// The encoded key of a field: varint of `(number << 3) | wireType`.
    static func tag(_ number: Int32, _ wireType: WireType) -> [UInt8] {
        varint(UInt64(number) << 3 | wireType.rawValue)
    }

    /// True if `type` (a spec type string) names an enum of the spec tables.
    static func isEnum(_ type: String) -> Bool {
        type.hasPrefix(".") && SpecTables.enums.contains { "." + $0.fullName == type }
    }

    /// Wire type of one value of a spec type (a scalar, an enum or a message; not a map).
    static func wireType(of type: String) -> WireType {
        switch type {
        case "int32", "int64", "uint32", "uint64", "bool": .varint
        case "double": .fixed64
        case "float": .fixed32
        case "string", "bytes": .lengthDelimited
        default: isEnum(type) ? .varint : .lengthDelimited
        }
    }

    /// A non-default value of the type, encoded without its key. Strings/bytes are "x", numbers 1 (1.0),
    /// enums value 1, messages empty (google.protobuf.Value: `true`).
    static func payload(of type: String) -> [UInt8] {
        switch wireType(of: type) {
        case .varint: [0x01]
        case .fixed64: withUnsafeBytes(of: (1.0 as Double).bitPattern.littleEndian, Array.init)
        case .fixed32: withUnsafeBytes(of: (1.0 as Float).bitPattern.littleEndian, Array.init)
        case .lengthDelimited:
            switch type {
            case ".google.protobuf.Value": [0x02, 0x20, 0x01]  // bool_value (4) = true; an empty Value has no JSON
            case _ where type.hasPrefix("."): [0x00]
            default: [0x01, UInt8(ascii: "x")]
            }
        }
    }

    /// Wire type of the field's first key on the wire: packed repeated scalars and maps are length-delimited.
    static func fieldWireType(of field: SpecField) -> WireType {
        switch field.label {
        case .singular: wireType(of: field.type)
        case .repeated, .map: .lengthDelimited
        }
    }

    /// The canonical proto3 encoding of a message whose only set field is `field`, holding one non-default
    /// value (one element for repeated fields, one entry for maps). This is what SwiftProtobuf emits.
    static func encoding(of field: SpecField) -> [UInt8] {
        switch field.label {
        case .singular:
            return tag(field.number, wireType(of: field.type)) + payload(of: field.type)
        case .repeated:
            let element = wireType(of: field.type)
            if element == .lengthDelimited {  // strings, bytes and messages are never packed
                return tag(field.number, element) + payload(of: field.type)
            }
            let packed = payload(of: field.type)  // proto3 packs repeated scalars and enums
            return tag(field.number, .lengthDelimited) + varint(UInt64(packed.count)) + packed
        case .map:
            let (key, value) = mapTypes(field.type)
            let entry = tag(1, wireType(of: key)) + payload(of: key) + tag(2, wireType(of: value)) + payload(of: value)
            return tag(field.number, .lengthDelimited) + varint(UInt64(entry.count)) + entry
        }
    }

    /// `("string", "double")` for `"map<string, double>"`.
    static func mapTypes(_ type: String) -> (key: String, value: String) {
        let inner = type.dropFirst("map<".count).dropLast()
        let parts = inner.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
    }
}

/// proto3 JSON (compact, as SwiftProtobuf prints it) of the sample values of `WireSamples`.
enum JSONSamples {
    static func value(of field: SpecField) -> String {
        switch field.label {
        case .singular: scalar(field.type)
        case .repeated: "[\(scalar(field.type))]"
        case .map: "{\"x\":\(scalar(WireSamples.mapTypes(field.type).value))}"
        }
    }

    /// Strings "x", bytes base64 of "x", int64 as a decimal string, enums by the spec name of value 1.
    static func scalar(_ type: String) -> String {
        switch type {
        case "string": "\"x\""
        case "bytes": "\"eA==\""
        case "int32", "uint32": "1"
        case "double", "float": "1.0"
        case "int64", "uint64": "\"1\""
        case "bool", ".google.protobuf.Value": "true"
        default: enumName(type).map { "\"\($0)\"" } ?? "{}"
        }
    }

    /// The spec name of value 1 of an enum type; nil if `type` is not an enum of the spec.
    static func enumName(_ type: String) -> String? {
        guard let value = SpecTables.enums.first(where: { "." + $0.fullName == type }) else { return nil }
        return value.values.first { $0.number == 1 }?.name ?? "1"
    }
}
