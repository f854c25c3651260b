import MediForProto

extension PipelineRendering {
    /// The proto name of a media type (`IMAGE`, `FUSION_VIDEO`).
    package static func name(of media: Mediforproto_MediaType) -> String {
        switch media {
        case .image: "IMAGE"
        case .video: "VIDEO"
        case .fusionImage: "FUSION_IMAGE"
        case .fusionVideo: "FUSION_VIDEO"
        case .UNRECOGNIZED(let value): "MEDIA_\(value)"
        }
    }

    /// What `medifor analytics` prints: id, name, media and description, one analytic or fuser per line.
    package static func analyticList(_ list: Mediforproto_AnalyticList) -> [String] {
        guard !list.analytics.isEmpty else { return ["no analytics configured"] }
        var rows = [["ID", "NAME", "MEDIA", "DESCRIPTION"]]
        for analytic in list.analytics {
            rows.append([
                analytic.id, analytic.name.isEmpty ? "-" : analytic.name,
                analytic.media.isEmpty ? "-" : analytic.media.map(name(of:)).joined(separator: ","),
                analytic.description_p,
            ])
        }
        return table(rows)
    }

    /// What `medifor taginfo` prints: each `key=value` with the number of detections carrying it, system tags
    /// first, then user tags.
    package static func tagInfo(_ info: Mediforproto_DetectionTagInfo) -> [String] {
        guard !info.tagCounts.isEmpty || !info.userTagCounts.isEmpty else { return ["no tags"] }
        var rows = [["KIND", "TAG", "DETECTIONS"]]
        for (kind, counts) in [("tag", info.tagCounts), ("user", info.userTagCounts)] {
            for (tag, count) in counts.sorted(by: { $0.key < $1.key }) { rows.append([kind, tag, "\(count)"]) }
        }
        return table(rows)
    }
}
