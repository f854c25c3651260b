import ArgumentParser
import Foundation
import MediForAnalytics

/// `--fusion-model FILE`: the `logreg` fuser's model, from `medifor fusion train`, instead of the built-in one.
struct FusionModelOption: ParsableArguments {
    @Option(
        name: .customLong("fusion-model"),
        help: ArgumentHelp(
            "Model JSON for the logreg fuser, as `medifor fusion train` writes it (default: the built-in model). "
                + "[env: MEDIFOR_FUSION_MODEL]", valueName: "file"))
    var path: String?

    /// The built-in fusers, with `logreg` over the chosen model.
    ///
    /// - Throws: `ValidationError` naming the file when it cannot be read or is not a usable model.
    func fusers(_ settings: Settings) throws -> [any ImageFuser] {
        guard let path = settings.optionalString(path, env: "MEDIFOR_FUSION_MODEL"), !path.isEmpty else {
            return BuiltinAnalytics.builtinFusers
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the fusion model \(path)")
        }
        do {
            return BuiltinAnalytics.builtinFusers(logreg: LogRegFuser(model: try FusionModel(json: data)))
        } catch {
            throw ValidationError("the fusion model \(path) cannot be used: \(error.description)")
        }
    }
}
