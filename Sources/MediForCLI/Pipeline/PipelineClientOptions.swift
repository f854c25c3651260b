import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The options every Pipeline client command shares: where the server is and how long one call may take.
package struct PipelineClientOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The Pipeline server. [env: MEDIFOR_ADDR, default: 127.0.0.1:50051]", valueName: "host:port"))
    package var addr: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Seconds each call to the server may take before it fails.", valueName: "seconds"))
    package var timeout: Double = 30

    package init() {}

    package func validate() throws {
        guard timeout.isFinite, timeout > 0 else {
            throw ValidationError("--timeout must be a positive number of seconds, got \(timeout)")
        }
        // MEDIFOR_ADDR is checked when the command runs; the flag is checked with the others.
        if let addr {
            do {
                _ = try PipelineAddress(parsing: addr)
            } catch let error as ValidationError {
                throw ValidationError("--addr: \(error.message)")
            }
        }
    }

    /// The effective settings: `--addr`, then `MEDIFOR_ADDR`, then `127.0.0.1:50051`.
    ///
    /// - Throws: `ValidationError` naming the flag or variable when the address is malformed.
    package func resolve(environment: [String: String]) throws -> PipelineClientConfiguration {
        let source = addr != nil ? "--addr" : "MEDIFOR_ADDR"
        let text = try Settings(environment: environment).string(addr, env: "MEDIFOR_ADDR", default: "127.0.0.1:50051")
        do {
            return PipelineClientConfiguration(
                address: try PipelineAddress(parsing: text), timeout: .milliseconds(Int64(timeout * 1000)))
        } catch let error as ValidationError {
            throw ValidationError("\(source): \(error.message)")
        }
    }
}

/// Resolved client settings.
package struct PipelineClientConfiguration: Sendable, Equatable {
    /// The server's address.
    package var address: PipelineAddress
    /// The deadline of each call.
    package var timeout: Duration

    /// Options for every call: the deadline, fail fast when the server cannot be reached (so that an unreachable
    /// server is reported as such instead of as a timeout), and room for large detection lists.
    package var callOptions: CallOptions {
        var options = CallOptions.defaults
        options.timeout = timeout
        options.waitForReady = false
        options.maxResponseMessageBytes = 64 << 20
        return options
    }
}

/// A server address, `HOST:PORT`, `HOST` (port 50051), `:PORT` (127.0.0.1) or `[IPv6]:PORT`.
package struct PipelineAddress: Sendable, Hashable, CustomStringConvertible {
    /// A host name, an IPv4 literal or an IPv6 literal (without brackets).
    package var host: String
    /// The TCP port.
    package var port: Int

    /// The port used when an address gives none: the original Pipeline's.
    package static let defaultPort = 50051

    /// Creates an address.
    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` and its shorter forms.
    ///
    /// - Throws: `ValidationError` for an empty host in brackets, a port that is not in 1...65535, or junk.
    package init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var host = trimmed
        var portText: Substring?
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else {
                throw ValidationError("'\(text)' is not an address: missing ']' after the IPv6 host")
            }
            host = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
            let rest = trimmed[trimmed.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw ValidationError("'\(text)' is not HOST:PORT") }
                portText = rest.dropFirst()
            }
        } else if trimmed.filter({ $0 == ":" }).count == 1, let colon = trimmed.firstIndex(of: ":") {
            host = String(trimmed[..<colon])
            portText = trimmed[trimmed.index(after: colon)...]
        }
        if host.isEmpty { host = "127.0.0.1" }
        var port = Self.defaultPort
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw ValidationError("'\(text)': the port must be a number from 1 to 65535")
            }
            port = value
        }
        guard !host.contains(where: { $0 == " " || $0 == "/" }) else {
            throw ValidationError("'\(text)' is not HOST:PORT")
        }
        if host.contains(":") && !Self.isIPLiteral(host, family: AF_INET6) {
            throw ValidationError("'\(text)': '\(host)' is not an IPv6 address")
        }
        self.init(host: host, port: port)
    }

    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The transport target: an IP literal is used as is, anything else is resolved through DNS.
    package var target: any ResolvableTarget {
        if Self.isIPLiteral(host, family: AF_INET) { return .ipv4(address: host, port: port) }
        if Self.isIPLiteral(host, family: AF_INET6) { return .ipv6(address: host, port: port) }
        return .dns(host: host, port: port)
    }

    private static func isIPLiteral(_ host: String, family: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(family, host, &buffer) == 1
    }
}
