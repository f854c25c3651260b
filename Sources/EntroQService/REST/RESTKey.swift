import EntroQ

/// A JSON member name chosen at run time.
///
/// The REST surface reads every field under its lowerCamelCase name and its proto (snake_case) name, so the wire
/// types decode through this key instead of synthesized `CodingKeys`.
struct RESTKey: CodingKey, ExpressibleByStringLiteral, Hashable {
    let stringValue: String

    init(_ name: String) { stringValue = name }
    init(stringLiteral name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    var intValue: Int? { nil }

    /// The proto field name of a lowerCamelCase JSON name (`claimantId` → `claimant_id`).
    var snakeCased: RESTKey {
        var name = ""
        for character in stringValue {
            if character.isUppercase {
                name += "_" + character.lowercased()
            } else {
                name.append(character)
            }
        }
        return RESTKey(name)
    }
}

/// A 64-bit integer as proto3 JSON carries it: a string (what servers emit) or a number (what some clients send).
struct RESTInt64: Codable, Hashable {
    let value: Int64

    init(_ value: Int64) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let integer = try? container.decode(Int64.self) {
            value = integer
        } else if let text = try? container.decode(String.self) {
            guard let integer = Int64(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not an integer")
            }
            value = integer
        } else if let number = try? container.decode(Double.self), let integer = Int64(exactly: number) {
            value = integer
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a 64-bit integer")
        }
    }

    /// Emits the proto3 JSON form: a decimal string.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(value))
    }
}

/// A 32-bit integer as proto3 JSON carries it: a number, or a string some clients send.
struct RESTInt32: Decodable, Hashable {
    let value: Int32

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let integer = try? container.decode(Int32.self) {
            value = integer
        } else if let text = try? container.decode(String.self), let integer = Int32(text) {
            value = integer
        } else if let number = try? container.decode(Double.self), let integer = Int32(exactly: number) {
            value = integer
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a 32-bit integer")
        }
    }
}

extension KeyedDecodingContainer where Key == RESTKey {
    /// The value of the field `name` (or its snake_case spelling); `nil` when absent or JSON `null`.
    func field<T: Decodable>(_ type: T.Type, _ name: RESTKey) throws -> T? {
        for key in [name, name.snakeCased] where contains(key) {
            if try decodeNil(forKey: key) { continue }
            return try decode(T.self, forKey: key)
        }
        return nil
    }

    /// A string field; `""` when absent.
    func string(_ name: RESTKey) throws -> String { try field(String.self, name) ?? "" }

    /// A 64-bit integer field; `nil` when absent.
    func int64(_ name: RESTKey) throws -> Int64? { try field(RESTInt64.self, name)?.value }

    /// A 32-bit integer field; 0 when absent.
    func int32(_ name: RESTKey) throws -> Int32 { try field(RESTInt32.self, name)?.value ?? 0 }

    /// A repeated field; empty when absent.
    func list<T: Decodable>(_ type: T.Type, _ name: RESTKey) throws -> [T] { try field([T].self, name) ?? [] }
}

extension KeyedEncodingContainer where Key == RESTKey {
    /// Encodes an optional JSON value, writing `null` when unset (proto3 JSON "emit unpopulated").
    mutating func encodeValue(_ value: JSONValue?, forKey key: RESTKey) throws {
        try encode(value ?? .null, forKey: key)
    }
}
