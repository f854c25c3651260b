import Foundation
import Testing

@testable import MediForCLI

@Suite("Settings precedence: flag, environment, settings file, default")
struct SettingsTests {
    func settingsFile(_ json: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/medifor-settings-\(UUID().uuidString).json"
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("each source wins over the ones after it")
    func precedence() throws {
        let path = try settingsFile(#"{"queue": "file-queue:1", "queue-grpc-port": 4000, "store": "sqlite:/f.sqlite"}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let settings = try Settings(environment: ["MEDIFOR_SETTINGS": path, "MEDIFOR_STORE": "sqlite:/env.sqlite"])
        #expect(settings.string("flag:1", env: "MEDIFOR_QUEUE", default: "d:1") == "flag:1")
        #expect(settings.string(nil, env: "MEDIFOR_QUEUE", default: "d:1") == "file-queue:1")
        #expect(settings.string(nil, env: "MEDIFOR_STORE", default: "d") == "sqlite:/env.sqlite")
        #expect(try settings.int(nil, env: "MEDIFOR_QUEUE_GRPC_PORT", default: 1) == 4000)
        #expect(settings.string(nil, env: "MEDIFOR_HOST", default: "0.0.0.0") == "0.0.0.0")
        #expect(settings.optionalString(nil, env: "MEDIFOR_CONFIG") == nil)
        #expect(Settings.fileKey("MEDIFOR_QUEUE_GRPC_PORT") == "queue-grpc-port")
    }

    @Test("an unreadable or malformed settings file is a clear error", arguments: [
        #"["not", "an", "object"]"#, #"{"nested": {"a": 1}}"#, "not json",
    ])
    func badFiles(content: String) throws {
        let path = try settingsFile(content)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: (any Error).self) { try Settings(environment: ["MEDIFOR_SETTINGS": path]) }
        #expect(throws: (any Error).self) { try Settings(environment: ["MEDIFOR_SETTINGS": path + ".missing"]) }
    }

    @Test("a bad integer names its variable")
    func badInteger() throws {
        let settings = try Settings(environment: ["MEDIFOR_PIPELINE_PORT": "fifty"])
        #expect(throws: (any Error).self) { try settings.int(nil, env: "MEDIFOR_PIPELINE_PORT", default: 1) }
    }
}
