public import MediForProto
import SwiftProtobuf

/// A fusion model for image manipulation results: the analytics' results for one image in, one fused result out.
///
/// Served over gRPC by ``NativeFuserService`` and called directly by offline evaluation. A fuser never fails the
/// whole request because one analytic failed or opted out: it fuses what it has and says so in the explanation.
public protocol ImageFuser: Sendable {
    /// The catalogue id (`mean`, `max`, `logreg`, …).
    var id: String { get }
    /// What the Pipeline reports for this fuser (`FUSION_IMAGE` media).
    var meta: Mediforproto_AnalyticMeta { get }
    /// Fuses the per-analytic results of `request.imgManip`; may write a fused mask under `request.outDir` when
    /// `request.wantMasks` is set.
    /// - Throws: ``AnalysisError`` for a request it cannot fuse at all (an unreadable output folder, say).
    func fuse(_ request: Mediforproto_FuseImageManipulationRequest) throws(AnalysisError)
        -> Mediforproto_ImageManipulation
}

extension ScoreFuser: ImageFuser {
    public func fuse(_ request: Mediforproto_FuseImageManipulationRequest) throws(AnalysisError)
        -> Mediforproto_ImageManipulation
    {
        var result = fuse(request.imgManip.map { (id: $0.id, result: $0.data) })
        FusedLocalization.attach(to: &result, fuserID: id, request: request, weighting: maskWeighting(request))
        return result
    }

    /// `max`: the darkest pixel of any mask. `mean`: masks weighted by their analytics' scores, so an analytic that
    /// finds the image clean does not wash out one that localizes a forgery (equal weights when every score is 0).
    func maskWeighting(_ request: Mediforproto_FuseImageManipulationRequest) -> MaskWeighting {
        guard rule == .mean else { return .maximum }
        let scored = request.imgManip.filter { $0.data.optOut != .optOutAll && $0.data.optOut != .optOutDetection }
        return .weighted(Dictionary(scored.map { ($0.id, $0.data.score) }, uniquingKeysWith: max))
    }
}
