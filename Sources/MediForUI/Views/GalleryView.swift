import Foundation
import MediForProto

/// The gallery page: filters, facets with counts, cards, paging and export links.
struct GalleryView: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Facet: Sendable {
        var label: String
        var count: Int
        var href: String
        var active: Bool
    }

    struct FacetGroup: Sendable {
        var title: String
        var facets: [Facet]
    }

    struct Chip: Sendable {
        var label: String
        var removeHref: String
    }

    var cards: [CardView]
    var isEmpty: Bool
    var summary: String
    var q: String
    var min: String
    var max: String
    var since: String
    var until: String
    var pageSize: String
    var fuserOptions: [Option]
    var sortOptions: [Option]
    var statusOptions: [Option]
    var typeOptions: [Option]
    var facetGroups: [FacetGroup]
    var chips: [Chip]
    var hasChips: Bool
    var hiddenTags: [String]
    var nextHref: String?
    var prevHref: String?
    /// This page's own URL, where bulk actions return.
    var returnHref: String
    /// What the last bulk action did, e.g. "Tagged 12 detections."
    var notice: String?
    /// Whether the notice reports failures.
    var noticeFailed = false
    var firstHref: String?
    /// "Page 3", when known.
    var pageLabel: String?
    var csvHref: String
    var jsonHref: String
    var gridHref: String
    var listHref: String
    var isList: Bool
    var liveURL: String
    var noFuser: Bool

    init(
        query: GalleryQuery, page: ListPage, cards: [CardView], catalog: UICatalog, fuser: String?,
        tagInfo: Mediforproto_DetectionTagInfo
    ) {
        self.cards = cards
        isEmpty = cards.isEmpty
        if query.status != nil || (query.minScore != nil && query.maxScore != nil) {
            summary =
                "\(cards.count) shown" + (page.isTruncated ? " (stopped after reading \(page.scanned) detections)" : "")
        } else {
            summary = "\(page.total) detection" + (page.total == 1 ? "" : "s")
        }
        q = query.text ?? ""
        min = query.minScore.map { String(format: "%.2f", $0) } ?? ""
        max = query.maxScore.map { String(format: "%.2f", $0) } ?? ""
        since = query.since ?? ""
        until = query.until ?? ""
        pageSize = String(query.pageSize)
        fuserOptions = catalog.fusers.map { Option(value: $0.id, label: $0.name, selected: $0.id == fuser) }
        noFuser = catalog.fusers.isEmpty
        sortOptions = GalleryQuery.Sort.allCases.map {
            Option(value: $0.rawValue, label: $0.label, selected: $0 == query.sort)
        }
        statusOptions =
            [Option(value: "", label: "Any status", selected: query.status == nil)]
            + GalleryQuery.Status.allCases.map {
                Option(value: $0.rawValue, label: $0.label, selected: $0 == query.status)
            }
        typeOptions = [
            Option(value: "", label: "Images and videos", selected: query.mediaType == nil),
            Option(value: "image", label: "Images", selected: query.mediaType == "image"),
            Option(value: "video", label: "Videos", selected: query.mediaType == "video"),
        ]
        facetGroups = Self.facetGroups(query: query, tagInfo: tagInfo)
        chips = Self.chips(query: query)
        hasChips = !chips.isEmpty
        hiddenTags = query.tags.map(TagText.format)
        var base = query
        base.cursor = nil
        returnHref = "/gallery?" + query.queryString()
        nextHref = page.next.map { "/gallery?" + query.following($0).queryString() }
        prevHref = query.preceding.map { "/gallery?" + $0.queryString() }
        // "First page" only where "previous" does not already lead there.
        let previousIsFirst = query.preceding.map { $0.cursor == nil } ?? false
        firstHref = query.cursor == nil || previousIsFirst ? nil : "/gallery?" + base.queryString()
        pageLabel = query.cursor == nil && page.next == nil ? nil : query.pageNumber.map { "Page \($0)" }
        csvHref = "/export/detections.csv?" + base.queryString(excluding: ["size", "view"])
        jsonHref = "/export/detections.json?" + base.queryString(excluding: ["size", "view"])
        var grid = base
        grid.isList = false
        var list = base
        list.isList = true
        gridHref = "/gallery?" + grid.queryString()
        listHref = "/gallery?" + list.queryString()
        isList = query.isList
        var live: [(String, String)] = [("follow", "1"), ("total", String(page.total))]
        live += base.pairs(excluding: ["size", "view", "sort"])
        for card in cards where card.isLive { live.append(("watch", card.id)) }
        liveURL = "/events?" + FormFields.query(live)
    }

    /// The notice for `notice=<action>:<done>:<failed>` (as ``UIRoutes/galleryReturn(_:notice:)`` writes it);
    /// `nil` for anything else, so a link cannot put words of its own on the page.
    static func notice(bulk text: String) -> (text: String, failed: Bool)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let action = BulkAction(rawValue: String(parts[0])), let done = Int(parts[1]),
            let failed = Int(parts[2]), done >= 0, failed >= 0
        else { return nil }
        func count(_ n: Int) -> String { "\(n) detection" + (n == 1 ? "" : "s") }
        var sentence = "\(action.done) \(count(done))."
        if failed > 0 {
            sentence += " \(count(failed)) could not be changed (deleted meanwhile, or the workflow refused)."
        }
        return (sentence, failed > 0)
    }

    private static func facetGroups(query: GalleryQuery, tagInfo: Mediforproto_DetectionTagInfo) -> [FacetGroup] {
        let active = Set(query.tags.map(TagText.format))
        func facet(_ countKey: String, _ count: Int32) -> Facet {
            let tag = TagText.splitCountKey(countKey)
            let text = TagText.format(tag)
            var toggled = query
            toggled.cursor = nil
            if active.contains(text) {
                toggled.tags.removeAll { TagText.format($0) == text }
            } else {
                toggled.tags.append(tag)
            }
            return Facet(
                label: text, count: Int(count), href: "/gallery?" + toggled.queryString(), active: active.contains(text)
            )
        }
        func sorted(_ counts: [String: Int32], where include: (String) -> Bool) -> [Facet] {
            counts.filter { include($0.key) }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(40)
                .map { facet($0.key, $0.value) }
        }
        var groups: [FacetGroup] = []
        let user = sorted(tagInfo.userTagCounts) { _ in true }
        if !user.isEmpty { groups.append(FacetGroup(title: "Tags", facets: user)) }
        let system = sorted(tagInfo.tagCounts) { !$0.hasPrefix("type=") }
        if !system.isEmpty { groups.append(FacetGroup(title: "System tags", facets: system)) }
        let types = sorted(tagInfo.tagCounts) { $0.hasPrefix("type=") }
        if !types.isEmpty { groups.append(FacetGroup(title: "Media", facets: types)) }
        return groups
    }

    private static func chips(query: GalleryQuery) -> [Chip] {
        var chips: [Chip] = []
        func chip(_ label: String, removing name: String) {
            chips.append(Chip(label: label, removeHref: "/gallery?" + query.queryString(excluding: [name, "page"])))
        }
        for tag in query.tags {
            var without = query
            without.cursor = nil
            without.tags.removeAll { TagText.format($0) == TagText.format(tag) }
            chips.append(Chip(label: "tag " + TagText.format(tag), removeHref: "/gallery?" + without.queryString()))
        }
        if let text = query.text { chip("text “\(text)”", removing: "q") }
        if let value = query.minScore { chip(String(format: "score ≥ %.2f", value), removing: "min") }
        if let value = query.maxScore { chip(String(format: "score ≤ %.2f", value), removing: "max") }
        if let value = query.mediaType { chip(value + "s", removing: "type") }
        if let value = query.status { chip(value.label.lowercased(), removing: "status") }
        if let value = query.since { chip("from " + value, removing: "since") }
        if let value = query.until { chip("until " + value, removing: "until") }
        return chips
    }
}
