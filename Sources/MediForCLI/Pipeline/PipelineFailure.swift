import ArgumentParser
import Foundation
import GRPCCore
import MediForWorkflow

/// The exit statuses of the Pipeline client commands, which scripts can rely on.
package enum PipelineExitStatus {
    /// Everything asked for was done.
    package static let success: Int32 = 0
    /// The server answered with an error, or some of the files or ids failed (each failure is on standard error).
    package static let failed: Int32 = 1
    /// The server could not be reached (gRPC `UNAVAILABLE`).
    package static let unreachable: Int32 = 3
    /// `--wait` gave up before every detection had finished.
    package static let timedOut: Int32 = 4
    /// Bad usage: an unknown flag, a missing argument or a malformed value (ArgumentParser's `EX_USAGE`, as for
    /// every `medifor` command).
    package static let usage: Int32 = 64

    /// The exit-status paragraph of a command's help.
    ///
    /// - Parameters:
    ///   - partial: what can fail one by one (`files`, `ids`), for commands that go on after such a failure.
    ///   - waits: whether the command has `--wait`.
    package static func help(partial: String? = nil, waits: Bool = false) -> String {
        let some = partial.map { ", or some \($0) failed" } ?? ""
        return "Exit status: 0 success; 1 the server answered with an error\(some) (each on standard error as "
            + "`error: CODE: message`); 3 the server is unreachable;\(waits ? " 4 --wait timed out;" : "") "
            + "64 bad usage."
    }

    /// The exit status for a failed call: 3 when the server is unreachable, 1 otherwise.
    package static func status(for code: RPCError.Code) -> Int32 {
        code == .unavailable ? unreachable : failed
    }

    /// The exit status for any error a command body throws.
    package static func status(for error: any Error) -> Int32 {
        if let exit = error as? ExitCode { return exit.rawValue }
        if let rpc = error as? RPCError { return status(for: rpc.code) }
        return failed
    }
}

/// How failures read on standard error: `CODE: message`, never a type dump or a stack.
package enum PipelineFailure {
    /// The gRPC name of a status code, as other gRPC tools print it (`NOT_FOUND`).
    package static func name(of code: RPCError.Code) -> String { name(ofRawCode: code.rawValue) }

    /// The gRPC name of a numeric status code (`5` → `NOT_FOUND`), as stored in `google.rpc.Status.code`.
    package static func name(ofRawCode code: Int) -> String {
        let names = [
            "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
            "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
            "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
        ]
        return names.indices.contains(code) ? names[code] : "CODE_\(code)"
    }

    /// One line describing an error for a user.
    ///
    /// - Parameters:
    ///   - error: what went wrong.
    ///   - address: the server, named in the hint printed when it cannot be reached.
    package static func describe(_ error: any Error, address: PipelineAddress? = nil) -> String {
        switch error {
        case let rpc as RPCError:
            var text = name(of: rpc.code)
            // The transport explains why a call was not queued; the user only needs the reason it could not connect.
            let message = rpc.message.replacingOccurrences(
                of: "Channel is in a transient failure state and 'wait for ready' isn't enabled. ", with: "")
            if !message.isEmpty { text += ": " + message }
            if rpc.code == .unavailable, let address {
                text += " (is a Pipeline server running at \(address)? set --addr or MEDIFOR_ADDR)"
            } else if rpc.code == .deadlineExceeded {
                text += " (raise --timeout if the server is just slow)"
            }
            return text
        case let media as MediaError:
            return media.message
        case let validation as ValidationError:
            return validation.message
        case let localized as any LocalizedError:
            return localized.errorDescription ?? String(describing: error)
        default:
            return String(describing: error)
        }
    }

    /// Runs a command body, turning any failure into `error: …` on standard error and the matching exit status.
    ///
    /// Usage errors (`ValidationError`) and explicit `ExitCode`s pass through to ArgumentParser unchanged.
    package static func reporting(
        to console: PipelineConsole, address: PipelineAddress?, _ body: () async throws -> Void
    ) async throws {
        do {
            try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch let validation as ValidationError {
            console.finishProgress()
            throw validation
        } catch {
            console.error(describe(error, address: address))
            throw ExitCode(PipelineExitStatus.status(for: error))
        }
    }
}
