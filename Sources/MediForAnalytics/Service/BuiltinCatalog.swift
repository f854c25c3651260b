public import MediForProto
import Foundation
import SwiftProtobuf

extension AnalyticDescriptor {
    /// The `AnalyticMeta` the Pipeline reports for this analytic (image media).
    public var meta: Mediforproto_AnalyticMeta {
        Mediforproto_AnalyticMeta.with {
            $0.id = id
            $0.name = name
            $0.description_p = summary
            $0.version = version
            $0.media = [.image]
            $0.cpu = 1
            $0.userFields = ["citation": citation, "builtin": "true"]
        }
    }
}

extension ScoreFuser {
    /// The `AnalyticMeta` of this fuser (image fusion).
    public var meta: Mediforproto_AnalyticMeta {
        Mediforproto_AnalyticMeta.with {
            $0.id = id
            $0.name = rule == .mean ? "Mean score" : "Maximum score"
            $0.description_p = rule == .mean
                ? "Mean of the scores of the analytics that gave one."
                : "Highest score of the analytics that gave one."
            $0.version = "1"
            $0.media = [.fusionImage]
            $0.userFields = ["builtin": "true"]
        }
    }

    /// The built-in fusers: `mean` (the default) and `max`.
    public static let builtins = [ScoreFuser(rule: .mean), ScoreFuser(rule: .max)]
}

extension LogRegFuser {
    /// The `AnalyticMeta` of this fuser (image fusion), with the model's training dataset and held-out AUC.
    public var meta: Mediforproto_AnalyticMeta {
        Mediforproto_AnalyticMeta.with {
            $0.id = id
            $0.name = "Calibrated logistic regression"
            $0.description_p = "Calibrates each analytic's score to a log-likelihood ratio and combines them with "
                + "weights learned on a benchmark; the explanation gives each analytic's share of the log-odds."
            $0.version = "\(model.formatVersion)"
            $0.media = [.fusionImage]
            var fields = [
                "builtin": "true",
                "citation": "Platt 1999 and Zadrozny & Elkan 2002 (calibration); Brümmer et al. 2007 (linear logistic fusion)",
                "analytics": model.analyticIDs.joined(separator: ","),
            ]
            if let training = model.training {
                fields["dataset"] = training.dataset
                fields["samples"] = String(training.samples)
                if let auc = training.heldOutAUC["logreg"] { fields["heldOutAUC"] = String(format: "%.3f", auc) }
            }
            $0.userFields = fields
        }
    }
}

extension BuiltinAnalytics {
    /// The built-in image fusers: `mean` (the default), `max` and `logreg` with the default model.
    public static var builtinFusers: [any ImageFuser] { builtinFusers(logreg: LogRegFuser.default) }

    /// The built-in image fusers with `logreg` over another model (one `medifor fusion train` wrote).
    public static func builtinFusers(logreg: LogRegFuser) -> [any ImageFuser] {
        ScoreFuser.builtins.map { $0 as any ImageFuser } + [logreg]
    }

    /// The built-in fuser with this id.
    public static func fuser(named id: String) -> (any ImageFuser)? { builtinFusers.first { $0.id == id } }
}
