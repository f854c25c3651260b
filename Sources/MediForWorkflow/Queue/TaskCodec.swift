import EntroQ
import Foundation
import SwiftProtobuf

/// Converts between queue values (JSON) and the protobuf messages the workflow carries in them: compact proto3
/// JSON, as the original writes (medifor-protocol.md §11).
enum TaskCodec {
    /// The queue value of a message.
    static func value<M: SwiftProtobuf.Message>(_ message: M) throws -> JSONValue {
        let data = try message.jsonUTF8Data()
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// The message in a queue value.
    ///
    /// - Throws: ``StageFailure`` (the task is malformed) when the value is missing or not that message's JSON.
    static func decode<M: SwiftProtobuf.Message>(_ type: M.Type, from value: JSONValue?) throws -> M {
        guard let value else { throw StageFailure("task has no value") }
        do {
            let data = try JSONEncoder().encode(value)
            var options = JSONDecodingOptions()
            options.ignoreUnknownFields = true
            return try M(jsonUTF8Data: data, options: options)
        } catch {
            throw StageFailure("task value is not a \(M.protoMessageName): \(error)")
        }
    }
}

/// A task a stage cannot process (malformed value, missing fields): it is moved to the stage's error queue with
/// this message and logged; the stage goes on with the next task.
struct StageFailure: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
