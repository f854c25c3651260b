import Foundation
import MediForAnalytics
import MediForProto
import SwiftProtobuf

extension DatasetRunner {
    /// Runs `analytics` on one probe in this process, one after the other on one shared decoded input; masks are
    /// written straight to `<out>/<analytic>/mask/<probe>.png`. Results are shaped as the analytic's gRPC service
    /// would answer them: a declined probe is `OPT_OUT_ALL`, a score without a mask `OPT_OUT_LOCALIZATION`.
    func analyzeOffline(_ probe: Probe, analytics: [any ForensicAnalytic]) -> [AnalyticAnswer] {
        guard let data = FileManager.default.contents(atPath: probe.path) else {
            return analytics.map {
                AnalyticAnswer(
                    id: $0.descriptor.id, version: $0.descriptor.version, result: nil,
                    failure: "cannot read \(probe.path)")
            }
        }
        let input = AnalysisInput(data: [UInt8](data))
        return analytics.map { analytic in
            let id = analytic.descriptor.id
            let maskPath = layout.maskPath(system: id, probe: probe.id)
            let outcome = AnalysisRunner.run(analytic, on: input, maskPath: maskPath)
            switch outcome.result {
            case .success(let analysis):
                let result = Mediforproto_ImageManipulation.with { response in
                    response.explanation = analysis.explanation
                    if analysis.isOptOut {
                        response.optOut = .optOutAll
                    } else if let mask = outcome.maskPath {
                        response.score = analysis.score
                        response.localization.mask = Mediforproto_Resource.with {
                            $0.uri = mask
                            $0.type = "image/png"
                        }
                    } else {
                        response.score = analysis.score
                        response.optOut = .optOutLocalization
                    }
                }
                return AnalyticAnswer(id: id, version: analytic.descriptor.version, result: result)
            case .failure(let error):
                return AnalyticAnswer(
                    id: id, version: analytic.descriptor.version, result: nil, failure: error.description)
            }
        }
    }
}
