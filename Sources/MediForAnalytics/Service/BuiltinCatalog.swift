public import MediForProto
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
