import Foundation
public import MediForProto
import SwiftProtobuf

/// One analytic or fuser the workflow knows: its `AnalyticMeta` plus how to reach and run it.
public struct CatalogEntry: Sendable, Equatable {
    /// What `GetAnalyticMeta` reports (id, name, description, media, …).
    public var meta: Mediforproto_AnalyticMeta
    /// `host:port` of its gRPC server, when this process should run a worker for it (`medifor serve --config`).
    public var address: String?
    /// Per-call time budget in seconds; `nil` uses the worker's default.
    public var timeoutSeconds: Int?

    /// Creates an entry.
    public init(meta: Mediforproto_AnalyticMeta, address: String? = nil, timeoutSeconds: Int? = nil) {
        self.meta = meta
        self.address = address
        self.timeoutSeconds = timeoutSeconds
    }

    /// The id used in requests and queue names (`<name>_<version>` by the original convention).
    public var id: String { meta.id }

    /// Whether this entry is a fuser (its media lists FUSION_IMAGE or FUSION_VIDEO).
    public var isFuser: Bool { meta.media.contains(.fusionImage) || meta.media.contains(.fusionVideo) }

    /// Whether this analytic (or fuser) handles media of `kind`.
    public func supports(_ kind: MediaKind) -> Bool {
        switch kind {
        case .image: isFuser ? meta.media.contains(.fusionImage) : meta.media.contains(.image)
        case .video: isFuser ? meta.media.contains(.fusionVideo) : meta.media.contains(.video)
        case .other: false
        }
    }
}

/// The analytics and fusers a deployment offers, from the original `analytic_config.json` shape
/// (`{"analytics": [AnalyticMeta, …]}` in proto3 JSON) plus built-in registrations.
///
/// Each entry may carry two extension keys the original did not have: `"address": "host:port"` (the analytic's
/// gRPC server, for `medifor serve` to run a worker against) and `"timeoutSeconds": N` (per-call budget). Unknown
/// keys are ignored, so files written for the original load unchanged.
public struct AnalyticCatalog: Sendable, Equatable {
    /// Every entry, analytics first then fusers, each group in declaration order.
    public private(set) var entries: [CatalogEntry]

    /// A catalogue of `entries`.
    ///
    /// - Throws: ``CatalogError`` for an entry without an id, with unknown media, or a duplicate id.
    public init(entries: [CatalogEntry]) throws(CatalogError) {
        var seen = Set<String>()
        for entry in entries {
            guard !entry.id.isEmpty else { throw CatalogError("an entry has no \"id\"") }
            guard seen.insert(entry.id).inserted else { throw CatalogError("\"\(entry.id)\" is declared twice") }
            guard !entry.meta.media.isEmpty else {
                throw CatalogError("\"\(entry.id)\" has no \"media\" (IMAGE, VIDEO, FUSION_IMAGE or FUSION_VIDEO)")
            }
            if case .UNRECOGNIZED(let value) = entry.meta.media.first(where: {
                if case .UNRECOGNIZED = $0 { true } else { false }
            }) {
                throw CatalogError("\"\(entry.id)\" has an unknown media value \(value)")
            }
        }
        self.entries = entries.filter { !$0.isFuser } + entries.filter(\.isFuser)
    }

    /// An empty catalogue.
    public static let empty = try! AnalyticCatalog(entries: [])

    /// Loads a JSON file in the `analytic_config.json` shape.
    ///
    /// - Throws: ``CatalogError`` naming the file and the problem (missing, not JSON, no `analytics` list, …).
    public static func load(path: String) throws(CatalogError) -> AnalyticCatalog {
        let lower = path.lowercased()
        if lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") {
            throw CatalogError("\(path): YAML is not supported; write the same structure as JSON")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CatalogError("\(path): cannot read the analytic configuration (missing or unreadable)")
        }
        do {
            return try parse(data)
        } catch {
            throw CatalogError("\(path): \(error.message)")
        }
    }

    /// Parses the JSON of an analytic configuration.
    public static func parse(_ data: Data) throws(CatalogError) -> AnalyticCatalog {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CatalogError("not a JSON object")
        }
        guard let list = object["analytics"] as? [[String: Any]] else {
            throw CatalogError("no \"analytics\" list")
        }
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        var entries: [CatalogEntry] = []
        for (index, item) in list.enumerated() {
            var protoFields = item
            let address = item["address"] as? String
            let timeout = (item["timeoutSeconds"] as? NSNumber)?.intValue
            protoFields["address"] = nil
            protoFields["timeoutSeconds"] = nil
            let meta: Mediforproto_AnalyticMeta
            do {
                let json = try JSONSerialization.data(withJSONObject: protoFields)
                meta = try Mediforproto_AnalyticMeta(jsonUTF8Data: json, options: options)
            } catch {
                throw CatalogError("entry \(index + 1): \(error)")
            }
            if let timeout, timeout <= 0 { throw CatalogError("\"\(meta.id)\": timeoutSeconds must be positive") }
            entries.append(CatalogEntry(meta: meta, address: address?.isEmpty == true ? nil : address,
                                        timeoutSeconds: timeout))
        }
        return try AnalyticCatalog(entries: entries)
    }

    /// This catalogue with `other`'s entries added.
    ///
    /// - Throws: ``CatalogError`` when an id is declared in both.
    public func merging(_ other: AnalyticCatalog) throws(CatalogError) -> AnalyticCatalog {
        try AnalyticCatalog(entries: entries + other.entries)
    }

    /// The analytics (not fusers).
    public var analytics: [CatalogEntry] { entries.filter { !$0.isFuser } }
    /// The fusers.
    public var fusers: [CatalogEntry] { entries.filter(\.isFuser) }

    /// The entry with this id.
    public func entry(id: String) -> CatalogEntry? { entries.first { $0.id == id } }

    /// What `GetAnalyticMeta` answers.
    public var analyticList: Mediforproto_AnalyticList {
        Mediforproto_AnalyticList.with { $0.analytics = entries.map(\.meta) }
    }
}

/// A problem with the analytic configuration.
public struct CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
