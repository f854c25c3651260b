// Loads the FileDescriptorSet that scripts/gen-protos.sh compiles from Protos/ (all files, --include_imports)
// and indexes it by full name, translating descriptor fields into the vocabulary of the spec tables.

import Foundation
import SwiftProtobuf

struct DescriptorLoadError: Error, CustomStringConvertible {
    var description: String
}

struct DescriptorIndex: Sendable {
    /// Every message (nested ones and map entries included) by full name without a leading dot.
    private(set) var messages: [String: Google_Protobuf_DescriptorProto] = [:]
    /// Every enum (nested ones included) by full name.
    private(set) var enums: [String: Google_Protobuf_EnumDescriptorProto] = [:]
    /// Every service by full name.
    private(set) var services: [String: Google_Protobuf_ServiceDescriptorProto] = [:]
    /// The proto package that declares each message, enum and service.
    private(set) var packageOf: [String: String] = [:]

    init(_ set: Google_Protobuf_FileDescriptorSet) {
        for file in set.file {
            let prefix = file.package.isEmpty ? "" : file.package + "."
            for message in file.messageType { add(message, prefix: prefix, package: file.package) }
            for value in file.enumType { addEnum(value, fullName: prefix + value.name, package: file.package) }
            for service in file.service {
                services[prefix + service.name] = service
                packageOf[prefix + service.name] = file.package
            }
        }
    }

    private mutating func add(_ message: Google_Protobuf_DescriptorProto, prefix: String, package: String) {
        let fullName = prefix + message.name
        messages[fullName] = message
        packageOf[fullName] = package
        for nested in message.nestedType { add(nested, prefix: fullName + ".", package: package) }
        for value in message.enumType { addEnum(value, fullName: fullName + "." + value.name, package: package) }
    }

    private mutating func addEnum(_ value: Google_Protobuf_EnumDescriptorProto, fullName: String, package: String) {
        enums[fullName] = value
        packageOf[fullName] = package
    }

    // MARK: Loading (once per process)

    private static let loaded: Result<DescriptorIndex, DescriptorLoadError> = {
        guard let url = Bundle.module.url(forResource: "descriptors", withExtension: "pb", subdirectory: "Resources")
        else {
            return .failure(DescriptorLoadError(description: "Resources/descriptors.pb is not in the test bundle"))
        }
        do {
            let data = try Data(contentsOf: url)
            return .success(DescriptorIndex(try Google_Protobuf_FileDescriptorSet(serializedBytes: data)))
        } catch {
            return .failure(DescriptorLoadError(description: "cannot decode \(url.path): \(error)"))
        }
    }()

    static func load() throws -> DescriptorIndex {
        try loaded.get()
    }

    // MARK: Translation to the spec vocabulary

    /// True if `typeName` (with a leading dot) names a map-entry message.
    func isMapEntry(_ typeName: String) -> Bool {
        messages[String(typeName.dropFirst())]?.options.mapEntry ?? false
    }

    /// The field as the spec tables would write it.
    func specView(of field: Google_Protobuf_FieldDescriptorProto, in message: Google_Protobuf_DescriptorProto)
        -> SpecField
    {
        var label: SpecLabel = .singular
        var type = typeName(of: field)
        if field.label == .repeated {
            if field.type == .message, let entry = messages[String(field.typeName.dropFirst())],
               entry.options.mapEntry
            {
                label = .map
                let key = entry.field.first { $0.number == 1 }.map(typeName(of:)) ?? "?"
                let value = entry.field.first { $0.number == 2 }.map(typeName(of:)) ?? "?"
                type = "map<\(key), \(value)>"
            } else {
                label = .repeated
            }
        } else if field.label == .required {
            type = "required " + type  // never matches: the spec has no proto2 `required`
        }
        var oneof: String?
        if field.hasOneofIndex {
            let index = Int(field.oneofIndex)
            let name = index < message.oneofDecl.count ? message.oneofDecl[index].name : "#\(index)"
            // A proto3 `optional` field sits in a synthetic oneof; the spec never uses `optional`.
            oneof = field.proto3Optional ? "<proto3 optional \(name)>" : name
        }
        return SpecField(name: field.name, number: field.number, type: type, label: label, oneof: oneof)
    }

    /// Scalar type name, or the message/enum full name (leading dot) for those types.
    func typeName(of field: Google_Protobuf_FieldDescriptorProto) -> String {
        switch field.type {
        case .double: "double"
        case .float: "float"
        case .int64: "int64"
        case .uint64: "uint64"
        case .int32: "int32"
        case .fixed64: "fixed64"
        case .fixed32: "fixed32"
        case .bool: "bool"
        case .string: "string"
        case .bytes: "bytes"
        case .uint32: "uint32"
        case .sfixed32: "sfixed32"
        case .sfixed64: "sfixed64"
        case .sint32: "sint32"
        case .sint64: "sint64"
        case .group: "group " + field.typeName
        case .message, .enum: field.typeName
        }
    }

    /// "message" or "enum" for a type name with a leading dot, nil if it is neither.
    func kind(of typeName: String) -> String? {
        let name = String(typeName.dropFirst())
        if messages[name] != nil { return "message" }
        if enums[name] != nil { return "enum" }
        return nil
    }
}
