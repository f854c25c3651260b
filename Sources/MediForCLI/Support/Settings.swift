import ArgumentParser

/// Resolves a setting from, in order of precedence, its flag, its `MEDIFOR_*` environment variable, and its
/// default.
struct Settings {
    let environment: [String: String]

    func string(_ flag: String?, env: String, default fallback: String) -> String {
        flag ?? environment[env] ?? fallback
    }

    func int(_ flag: Int?, env: String, default fallback: Int) throws -> Int {
        if let flag { return flag }
        guard let raw = environment[env] else { return fallback }
        guard let value = Int(raw) else { throw ValidationError("\(env) must be an integer, got '\(raw)'") }
        return value
    }
}
