import Foundation
public import GRPCCore
public import MediForProto
import MediForImaging
import Logging
import SwiftProtobuf

/// One native analytic served as a MediFor `Analytic` gRPC service (workflow.md §23).
///
/// `DetectImageManipulation` reads the probe at `image.uri`, runs the analytic, writes its mask as
/// `<out_dir>/<id>-mask.png` and answers score, mask, explanation, or `OPT_OUT_ALL` when the method does not
/// apply. A file that is not a readable image (or too large) is `INVALID_ARGUMENT` with the decoder's message;
/// other request types are `UNIMPLEMENTED`.
public struct NativeAnalyticService: Mediforproto_Analytic.SimpleServiceProtocol {
    let analytic: any ForensicAnalytic
    let limits: ImageLimits
    let maxFileBytes: Int
    let logger: Logger

    /// Serves `analytic`.
    public init(analytic: any ForensicAnalytic, maxFileBytes: Int = 512 << 20, logger: Logger) {
        self.analytic = analytic
        self.limits = .default
        self.maxFileBytes = maxFileBytes
        self.logger = logger
    }

    public func detectImageManipulation(request: Mediforproto_ImageManipulationRequest, context: ServerContext)
        async throws -> Mediforproto_ImageManipulation
    {
        let path = request.image.uri.hasPrefix("file://") ? String(request.image.uri.dropFirst(7)) : request.image.uri
        let data = try Self.read(path, limit: maxFileBytes)
        let input = AnalysisInput(data: data, limits: limits)
        let outDir = request.outDir.isEmpty ? FileManager.default.temporaryDirectory.path : request.outDir
        let maskPath = outDir + "/\(analytic.descriptor.id)-mask.png"
        let outcome = AnalysisRunner.run(analytic, on: input, maskPath: maskPath)
        logger.info("analysed", metadata: [
            "analytic.id": "\(analytic.descriptor.id)", "request.id": "\(request.requestID)",
            "seconds": "\(String(format: "%.3f", outcome.seconds))",
        ])
        switch outcome.result {
        case .success(let result):
            return Mediforproto_ImageManipulation.with { response in
                response.explanation = result.explanation
                if result.isOptOut {
                    response.optOut = .optOutAll
                    return
                }
                response.score = result.score
                if let mask = outcome.maskPath {
                    response.localization.mask = Mediforproto_Resource.with {
                        $0.uri = mask
                        $0.type = "image/png"
                    }
                } else {
                    response.optOut = .optOutLocalization
                }
            }
        case .failure(.internalError(let message)):
            throw RPCError(code: .internalError, message: "\(analytic.descriptor.id): \(message)")
        case .failure(let error):
            throw RPCError(code: .invalidArgument, message: "\(path): \(error)")
        }
    }

    /// Reads a probe, refusing missing, unreadable, empty and oversized files with INVALID_ARGUMENT/NOT_FOUND.
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        guard !path.isEmpty else { throw RPCError(code: .invalidArgument, message: "no image path in the request") }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes else { throw RPCError(code: .notFound, message: "\(path): no such file") }
        guard (attributes[.type] as? FileAttributeType) == .typeRegular else {
            throw RPCError(code: .invalidArgument, message: "\(path) is not a regular file")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limit else {
            throw RPCError(code: .invalidArgument, message: "\(path) is \(size) bytes; the limit is \(limit)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RPCError(code: .invalidArgument, message: "\(path) cannot be read")
        }
        return [UInt8](data)
    }

    public func detectImageSplice(request: Mediforproto_ImageSpliceRequest, context: ServerContext) async throws
        -> Mediforproto_ImageSplice
    { throw Self.unimplemented("image splice") }

    public func detectVideoManipulation(request: Mediforproto_VideoManipulationRequest, context: ServerContext)
        async throws -> Mediforproto_VideoManipulation
    { throw Self.unimplemented("video manipulation") }

    public func detectImageCameraMatch(request: Mediforproto_ImageCameraMatchRequest, context: ServerContext)
        async throws -> Mediforproto_ImageCameraMatch
    { throw Self.unimplemented("camera match") }

    public func detectImageCameras(request: Mediforproto_ImageCamerasRequest, context: ServerContext) async throws
        -> Mediforproto_ImageCameras
    { throw Self.unimplemented("camera identification") }

    public func detectVideoCameraMatch(request: Mediforproto_VideoCameraMatchRequest, context: ServerContext)
        async throws -> Mediforproto_VideoCameraMatch
    { throw Self.unimplemented("video camera match") }

    public func kill(request: Mediforproto_Empty, context: ServerContext) async throws -> Mediforproto_Empty {
        throw RPCError(code: .permissionDenied, message: "this analytic is not stopped over the API; signal the process")
    }

    static func unimplemented(_ what: String) -> RPCError {
        RPCError(code: .unimplemented, message: "\(what) is not implemented by this analytic")
    }
}
