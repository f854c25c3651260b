import ArgumentParser
import Foundation

/// Resolves a setting from, in order of precedence: its flag, its `MEDIFOR_*` environment variable, the settings
/// file named by `MEDIFOR_SETTINGS`, and its default.
///
/// The settings file is a JSON object whose keys are the variable names without `MEDIFOR_`, in lower case with
/// `-` for `_` (so `MEDIFOR_QUEUE_GRPC_PORT` is `"queue-grpc-port"`); values are strings or numbers.
struct Settings {
    let environment: [String: String]
    let file: [String: String]

    /// Reads the environment and, when `MEDIFOR_SETTINGS` names one, the settings file.
    ///
    /// - Throws: `ValidationError` naming the file when it cannot be read or is not a flat JSON object.
    init(environment: [String: String]) throws {
        self.environment = environment
        guard let path = environment["MEDIFOR_SETTINGS"], !path.isEmpty else {
            file = [:]
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("MEDIFOR_SETTINGS: cannot read \(path)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ValidationError("MEDIFOR_SETTINGS: \(path) is not a JSON object")
        }
        var values: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: values[key] = text
            case let number as NSNumber: values[key] = number.stringValue
            default: throw ValidationError("MEDIFOR_SETTINGS: \(path): \"\(key)\" must be a string or a number")
            }
        }
        file = values
    }

    /// The settings-file key of an environment variable: `MEDIFOR_QUEUE_GRPC_PORT` → `queue-grpc-port`.
    static func fileKey(_ env: String) -> String {
        let name = env.hasPrefix("MEDIFOR_") ? String(env.dropFirst("MEDIFOR_".count)) : env
        return name.lowercased().replacingOccurrences(of: "_", with: "-")
    }

    /// The value from the environment, then the file.
    func lookup(_ env: String) -> String? { environment[env] ?? file[Self.fileKey(env)] }

    func string(_ flag: String?, env: String, default fallback: String) -> String {
        flag ?? lookup(env) ?? fallback
    }

    func optionalString(_ flag: String?, env: String) -> String? {
        flag ?? lookup(env)
    }

    func int(_ flag: Int?, env: String, default fallback: Int) throws -> Int {
        if let flag { return flag }
        guard let raw = lookup(env) else { return fallback }
        guard let value = Int(raw) else { throw ValidationError("\(env) must be an integer, got '\(raw)'") }
        return value
    }
}
