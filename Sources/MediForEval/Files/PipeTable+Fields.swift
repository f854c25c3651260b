import Foundation

/// Typed field access for the MediScore readers: every failure names the column, the value and the row's line.
extension PipeTable {
    /// The trimmed field, or `nil` when it is empty or the column is absent.
    func optionalField(_ column: Int?, in row: Row) -> String? {
        guard let column else { return nil }
        let value = row.fields[column].trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }

    /// The trimmed field, which must not be empty.
    func requiredField(_ column: Int, named name: String, in row: Row) throws(EvaluationError) -> String {
        guard let value = optionalField(column, in: row) else {
            throw error(.invalidValue, "\(name) is empty", row: row)
        }
        return value
    }

    /// A non-negative integer.
    func count(_ column: Int, named name: String, in row: Row) throws(EvaluationError) -> Int {
        let text = try requiredField(column, named: name, in: row)
        guard let value = Int(text), value >= 0 else {
            throw error(.invalidValue, "\(name) must be a non-negative integer, got \"\(text)\"", row: row)
        }
        return value
    }

    /// A real number that is not NaN, or `nil` when the field is empty.
    func optionalScore(_ column: Int, named name: String, in row: Row) throws(EvaluationError) -> Double? {
        guard let text = optionalField(column, in: row) else { return nil }
        guard let value = Double(text), !value.isNaN else {
            throw error(.invalidValue, "\(name) must be a number, got \"\(text)\"", row: row)
        }
        return value
    }

    /// A gray level in 0...255 (written as an integer, or a real with no fraction), or `nil` when empty.
    func optionalGrayLevel(_ column: Int?, named name: String, in row: Row) throws(EvaluationError) -> UInt8? {
        guard let text = optionalField(column, in: row) else { return nil }
        if let value = Int(text), (0...255).contains(value) { return UInt8(value) }
        if let value = Double(text), value.rounded() == value, value >= 0, value <= 255 { return UInt8(value) }
        throw error(.invalidValue, "\(name) must be a gray level in 0...255, got \"\(text)\"", row: row)
    }

    /// A value of a string-backed enumeration, or `nil` when empty.
    func optionalEnum<Value: RawRepresentable & CaseIterable>(
        _ column: Int?, named name: String, in row: Row, as type: Value.Type
    ) throws(EvaluationError) -> Value? where Value.RawValue == String {
        guard let text = optionalField(column, in: row) else { return nil }
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw error(.invalidValue, "\(name) must be one of \(allowed), got \"\(text)\"", row: row)
        }
        return value
    }
}
