import Foundation
import MediForProto

/// One detection in the gallery: thumbnail, name, fused score badge, progress.
struct CardView: Sendable {
    var id: String
    var href: String
    var name: String
    var thumb: String?
    var kind: String
    var isVideo: Bool
    var score: ScoreBadge?
    var state: String
    var stateLabel: String
    /// 0…100 while analytics run.
    var progress: Int?
    var failed: Int?
    var tags: [String]
    var uploaded: String?
    /// Whether live updates should follow this card.
    var isLive: Bool
    var fuserName: String?

    /// The card of `info`, scored by `fuser`.
    ///
    /// - Parameters:
    ///   - context: the gallery query string the detail page uses for next/previous, already encoded.
    ///   - fusionSettled: whether every started fusion has finished (from `GetDetectionInfo`), when known.
    init(
        _ info: Mediforproto_DetectionInfo, catalog: UICatalog, files: StorageFiles, fuser: String?,
        context: String?, fusionSettled: Bool = false
    ) {
        id = info.id
        let escapedID = FormFields.escape(info.id)
        var href = "/detections/" + escapedID
        var parameters: [(String, String)] = []
        if let fuser { parameters.append(("fuser", fuser)) }
        if let context, !context.isEmpty { parameters.append(("ctx", context)) }
        if !parameters.isEmpty { href += "?" + FormFields.query(parameters) }
        self.href = href
        name = info.displayName
        kind = info.mediaKind
        isVideo = kind == "video"
        thumb = CardView.thumbnailURL(info, files: files)
        let state = DetectionState(info, expectsFusion: catalog.expectsFusion(info), fusionSettled: fusionSettled)
        score = ScoreBadge(state.fusedScore)
        self.state = state.phase.rawValue
        stateLabel = state.label
        progress = state.phase == .running && state.total > 0 ? state.finished * 100 / state.total : nil
        failed = state.failed > 0 ? state.failed : nil
        let system = info.tags.filter { $0.key != "type" && !$0.key.hasPrefix("__") }
        tags = (system.sorted { $0.key < $1.key } + info.userTags.sorted { $0.key < $1.key })
            .map { TagText.format(($0.key, $0.value)) }
        uploaded = info.meta["File:UploadDate"].map(Formats.shortDate)
        isLive = !state.isComplete
        fuserName = fuser.map { catalog.name(of: $0) }
    }

    /// `/thumb/<name>` for a probe stored directly under `input/`.
    static func thumbnailURL(_ info: Mediforproto_DetectionInfo, files: StorageFiles) -> String? {
        guard let uri = info.reqResources.first?.uri, let relative = files.relativePath(ofStored: uri) else {
            return nil
        }
        let parts = relative.split(separator: "/")
        guard parts.count == 2, parts[0] == "input" else { return nil }
        return "/thumb/" + FormFields.escape(String(parts[1]))
    }
}
