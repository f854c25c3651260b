import EntroQ

/// `google.rpc.Status` in proto3 JSON: the body of every REST error.
///
/// Dependency failures travel as `api.ModifyDep` details: first a `DETAIL` entry carrying a readable summary,
/// then one entry per failing item with its kind (`INSERT`, `DEPEND`, `DELETE`, `CHANGE`, `CLAIM`) and task id.
struct RESTStatus: Codable, Hashable {
    /// One `api.ModifyDep` detail.
    struct Detail: Codable, Hashable {
        static let typeURL = "type.googleapis.com/api.ModifyDep"

        var type: String
        var id: RESTTaskID?
        var msg: String

        init(type: String, id: RESTTaskID?, msg: String) {
            self.type = type
            self.id = id
            self.msg = msg
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: RESTKey.self)
            type = try container.string("type")
            id = try container.field(RESTTaskID.self, "id")
            msg = try container.string("msg")
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: RESTKey.self)
            try container.encode(Self.typeURL, forKey: "@type")
            try container.encode(type, forKey: "type")
            if let id { try container.encode(id, forKey: "id") }
            try container.encode(msg, forKey: "msg")
        }
    }

    var code: Int
    var message: String
    var details: [Detail]

    init(code: Int, message: String, details: [Detail] = []) {
        self.code = code
        self.message = message
        self.details = details
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: RESTKey.self)
        // Connect-style bodies carry the code as a name; only its numeric form matters here.
        code = Int(try container.field(RESTInt32.self, "code")?.value ?? 0)
        message = try container.string("message")
        details = try container.list(Detail.self, "details")
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RESTKey.self)
        try container.encode(code, forKey: "code")
        try container.encode(message, forKey: "message")
        try container.encode(details, forKey: "details")
    }

    /// The details describing `failures`: a summary first, then one entry per failing item.
    static func details(for failures: [DependencyFailure]) -> [Detail] {
        let summary =
            failures.isEmpty ? "modification dependency error" : failures.map(\.description).joined(separator: "; ")
        return [Detail(type: "DETAIL", id: nil, msg: summary)]
            + failures.map { Detail(type: $0.kind.rawValue, id: RESTTaskID($0.id), msg: $0.message) }
    }

    /// The dependency failures the details describe; `DETAIL` entries and unknown kinds are skipped.
    var failures: [DependencyFailure] {
        details.compactMap { detail in
            guard let kind = DependencyFailure.Kind(rawValue: detail.type), let id = detail.id else { return nil }
            return DependencyFailure(kind: kind, id: id.model, message: detail.msg)
        }
    }
}
