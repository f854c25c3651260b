public import GRPCCore
public import MediForProto
import Foundation
import SwiftProtobuf

/// A simple score fuser: `mean` or `max` of the analytics' scores, ignoring those that opted out of detection or
/// failed. Served as a MediFor `Fuser`; its explanation names each analytic's contribution.
public struct ScoreFuser: Sendable {
    /// How scores combine.
    public enum Rule: String, Sendable, CaseIterable {
        case mean
        case max
    }

    /// The rule.
    public let rule: Rule

    /// A fuser with `rule`.
    public init(rule: Rule) { self.rule = rule }

    /// The catalogue id: `mean` or `max`.
    public var id: String { rule.rawValue }

    /// The fused result for per-analytic results (`id` → result).
    public func fuse(_ results: [(id: String, result: Mediforproto_ImageManipulation)]) -> Mediforproto_ImageManipulation {
        let used = results.filter { $0.result.optOut != .optOutAll && $0.result.optOut != .optOutDetection }
        guard !used.isEmpty else {
            return Mediforproto_ImageManipulation.with {
                $0.optOut = .optOutAll
                $0.explanation = "no analytic gave a score"
            }
        }
        let scores = used.map(\.result.score)
        let fused = rule == .mean ? scores.reduce(0, +) / Double(scores.count) : scores.max() ?? 0
        let parts = used.sorted { $0.id < $1.id }.map { String(format: "%@ %.2f", $0.id, $0.result.score) }
        let skipped = results.count - used.count
        return Mediforproto_ImageManipulation.with {
            $0.score = fused
            $0.explanation = "\(rule.rawValue) of " + parts.joined(separator: ", ")
                + (skipped > 0 ? "; \(skipped) analytic(s) opted out or failed" : "")
        }
    }
}

/// An ``ImageFuser`` served as a MediFor `Fuser` gRPC service (image manipulation only).
public struct NativeFuserService: Mediforproto_Fuser.SimpleServiceProtocol {
    let fuser: any ImageFuser

    /// Serves `fuser`.
    public init(fuser: any ImageFuser) { self.fuser = fuser }

    public func fuseImageManipulation(request: Mediforproto_FuseImageManipulationRequest, context: ServerContext)
        async throws -> Mediforproto_ImageManipulation
    {
        do {
            return try fuser.fuse(request)
        } catch .internalError(let message) {
            throw RPCError(code: .internalError, message: "\(fuser.id): \(message)")
        } catch {
            throw RPCError(code: .invalidArgument, message: "\(fuser.id): \(error)")
        }
    }

    public func fuseImageSplice(request: Mediforproto_FuseImageSpliceRequest, context: ServerContext) async throws
        -> Mediforproto_ImageSplice
    { throw RPCError(code: .unimplemented, message: "splice fusion is not implemented") }

    public func fuseVideoManipulation(request: Mediforproto_FuseVideoManipulationRequest, context: ServerContext)
        async throws -> Mediforproto_VideoManipulation
    { throw RPCError(code: .unimplemented, message: "video fusion is not implemented") }

    public func fuseImageCameraMatch(request: Mediforproto_FuseImageCameraMatchRequest, context: ServerContext)
        async throws -> Mediforproto_ImageCameraMatch
    { throw RPCError(code: .unimplemented, message: "camera match fusion is not implemented") }

    public func fuseVideoCameraMatch(request: Mediforproto_FuseVideoCameraMatchRequest, context: ServerContext)
        async throws -> Mediforproto_VideoCameraMatch
    { throw RPCError(code: .unimplemented, message: "video camera match fusion is not implemented") }

    public func kill(request: Mediforproto_Empty, context: ServerContext) async throws -> Mediforproto_Empty {
        throw RPCError(code: .permissionDenied, message: "this fuser is not stopped over the API; signal the process")
    }
}
