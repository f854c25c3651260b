/// The query parameters of a REST GET, as grpc-gateway reads them.
///
/// Each parameter names a request field, under its lowerCamelCase or its proto name; repeated fields repeat the
/// parameter. Unknown parameters are refused rather than ignored, as the Go gateway does. `+` means a space
/// (form encoding), and `%XX` escapes are decoded as UTF-8.
struct RESTQuery {
    private var values: [String: [String]] = [:]

    /// Parses `query` (the part after `?`), accepting only `fields` (lowerCamelCase names).
    ///
    /// - Throws: ``RESTError`` 400 for an unknown parameter or a malformed escape.
    init(_ query: String?, fields: [String]) throws(RESTError) {
        var names: [String: String] = [:]
        for field in fields {
            names[field] = field
            names[RESTKey(field).snakeCased.stringValue] = field
        }
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            guard let field = names[name] else {
                throw .invalidArgument("unknown query parameter \"\(name)\"")
            }
            values[field, default: []].append(value)
        }
    }

    /// Every value of a repeated field, in order.
    func strings(_ field: String) -> [String] { values[field] ?? [] }

    /// The last value of a singular field, or `""`.
    func string(_ field: String) -> String { values[field]?.last ?? "" }

    /// An integer field; 0 when absent or empty.
    ///
    /// - Throws: ``RESTError`` 400 when the value is not a 32-bit integer.
    func int32(_ field: String) throws(RESTError) -> Int {
        let text = string(field)
        if text.isEmpty { return 0 }
        guard let value = Int32(text) else { throw .invalidArgument("query parameter \(field): not an integer") }
        return Int(value)
    }

    /// A Boolean field, spelled as Go's `strconv.ParseBool` accepts; false when absent or empty.
    ///
    /// - Throws: ``RESTError`` 400 for any other spelling.
    func bool(_ field: String) throws(RESTError) -> Bool {
        switch string(field) {
        case "", "0", "f", "F", "false", "False", "FALSE": return false
        case "1", "t", "T", "true", "True", "TRUE": return true
        default: throw .invalidArgument("query parameter \(field): not a Boolean")
        }
    }

    /// Decodes one form-encoded component.
    private static func decode(_ component: Substring) throws(RESTError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.utf8.count)
        var iterator = component.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw .invalidArgument("malformed percent escape in query")
                }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalidArgument("query is not valid UTF-8")
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
