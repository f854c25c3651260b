import Foundation
import MediForProto

/// The detail page of one detection.
struct DetailView: Sendable {
    struct Row: Sendable {
        var key: String
        var value: String
        var isCode: Bool
    }

    struct Group: Sendable {
        var name: String
        var rows: [Row]
    }

    struct Tag: Sendable {
        var label: String
        var key: String
    }

    struct Mask: Sendable {
        var id: String
        var name: String
        var url: String
        var threshold: String
        var selected: Bool
    }

    var id: String
    var escapedID: String
    var name: String
    var kind: String
    var isImage: Bool
    var isVideo: Bool
    var mediaURL: String?
    var downloadURL: String?
    var canPreview: Bool
    var fused: ScoreBadge?
    var fuserName: String?
    var stateLabel: String
    var progress: Int?
    var isLive: Bool
    var liveURL: String
    var resultsURL: String
    var analytics: [AnalyticRow]
    var fusions: [FusionRow]
    var hasFusions: Bool
    var masks: [Mask]
    var hasMasks: Bool
    /// What the mask menu says when there is no mask: none yet while analytics run, none at all afterwards.
    var noMasksLabel: String
    var selectedMask: Mask?
    var metaGroups: [Group]
    var systemTags: [String]
    var userTags: [Tag]
    var hasUserTags: Bool
    var fuserOptions: [GalleryView.Option]
    var prevHref: String?
    var nextHref: String?
    var backHref: String
    var fuser: String?
    var context: String?

    /// The view of `info` (from `GetDetectionInfo(want_fused)`), scored by `fuser`.
    ///
    /// - Parameter mask: the analytic whose mask the page shows without scripts (`?mask=`).
    init(
        _ info: Mediforproto_DetectionInfo, catalog: UICatalog, files: StorageFiles, fuser: String?, mask: String?,
        context: String?
    ) {
        id = info.id
        escapedID = FormFields.escape(info.id)
        name = info.displayName
        kind = info.mediaKind
        isVideo = kind == "video"
        isImage = !isVideo
        let resource = info.reqResources.first
        mediaURL = resource.flatMap { files.mediaURL(ofStored: $0.uri) }
        downloadURL = mediaURL.map { $0 + "?download=1" }
        let ext = URL(fileURLWithPath: resource?.uri ?? "").pathExtension.lowercased()
        canPreview =
            mediaURL != nil
            && ["jpg", "jpeg", "jpe", "png", "gif", "webp", "bmp", "mp4", "m4v", "webm", "mov", "ogv"].contains(ext)
        let settled = !info.fusionInfo.isEmpty && info.fusionInfo.allSatisfy { $0.stage == .finished }
        let state = DetectionState(info, expectsFusion: catalog.expectsFusion(info), fusionSettled: settled)
        fused = ScoreBadge(state.fusedScore)
        fuserName = fuser.map { catalog.name(of: $0) }
        stateLabel = state.label
        progress = state.phase == .running && state.total > 0 ? state.finished * 100 / state.total : nil
        isLive = !state.isComplete
        liveURL = "/events?" + FormFields.query([("watch", info.id)] + (fuser.map { [("fuser", $0)] } ?? []))
        var common: [(String, String)] = []
        if let fuser { common.append(("fuser", fuser)) }
        if let context { common.append(("ctx", context)) }
        resultsURL = "/detections/\(escapedID)/results" + (common.isEmpty ? "" : "?" + FormFields.query(common))
        let frames = info.meta["File:Frames"].flatMap(Int.init)
        analytics = info.analyticInfo.map { AnalyticRow($0, catalog: catalog, files: files, frames: frames) }
            .sorted {
                ($0.isGroundTruth ? 1 : 0, $0.sortValue, $1.name) > ($1.isGroundTruth ? 1 : 0, $1.sortValue, $0.name)
            }
        fusions = info.fusionInfo.map { FusionRow($0, catalog: catalog, selected: $0.fuserID == fuser) }
        hasFusions = !fusions.isEmpty
        masks = analytics.compactMap { row in
            row.maskURL.map {
                Mask(id: row.id, name: row.name, url: $0, threshold: row.maskThreshold, selected: row.id == mask)
            }
        }
        hasMasks = !masks.isEmpty
        noMasksLabel = state.isComplete ? "no masks" : "no masks yet"
        selectedMask = masks.first { $0.selected }
        metaGroups = Self.groups(info.meta)
        systemTags = info.tags.sorted { $0.key < $1.key }.map { TagText.format(($0.key, $0.value)) }
        userTags = info.userTags.sorted { $0.key < $1.key }.map {
            Tag(label: TagText.format(($0.key, $0.value)), key: $0.key)
        }
        hasUserTags = !userTags.isEmpty
        let mediaKind = kind
        fuserOptions = catalog.fusers.filter { $0.supports(mediaKind) }.map {
            GalleryView.Option(value: $0.id, label: $0.name, selected: $0.id == fuser)
        }
        backHref = "/gallery" + (context.map { "?" + $0 } ?? "")
        self.fuser = fuser
        self.context = context
    }

    /// Metadata grouped by the prefix before `:` (`Hash`, `File`, `EXIF`, …), hashes shown as code.
    static func groups(_ meta: [String: String]) -> [Group] {
        var byGroup: [String: [Row]] = [:]
        for (key, value) in meta {
            let parts = key.split(separator: ":", maxSplits: 1)
            let group = parts.count == 2 ? String(parts[0]) : "Other"
            let field = parts.count == 2 ? String(parts[1]) : key
            byGroup[group, default: []].append(Row(key: field, value: value, isCode: group == "Hash"))
        }
        let order = ["File", "Hash", "EXIF", "Image", "UI"]
        return byGroup.keys.sorted { (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1) }
            .map { Group(name: $0, rows: (byGroup[$0] ?? []).sorted { $0.key < $1.key }) }
    }
}
