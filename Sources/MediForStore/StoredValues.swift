public import MediForProto

/// What ``DetectionStore/createDetection(_:)`` stores.
public struct NewDetection: Sendable, Equatable {
    /// One analytic to run, with its pending request and queue task id.
    public struct Analytic: Sendable, Equatable {
        /// The analytic id (`<name>_<version>`).
        public var analyticID: String
        /// The pending round trip: the request only.
        public var detection: Mediforproto_Detection
        /// The queue task that will carry the work.
        public var taskID: String

        /// Creates an analytic entry.
        public init(analyticID: String, detection: Mediforproto_Detection, taskID: String) {
            self.analyticID = analyticID
            self.detection = detection
            self.taskID = taskID
        }
    }

    /// The detection id.
    public var id: String
    /// The analytics, in request order.
    public var analytics: [Analytic]
    /// System tags.
    public var tags: [String: String]
    /// User tags.
    public var userTags: [String: String]
    /// Metadata.
    public var meta: [String: String]

    /// Creates a new detection.
    public init(
        id: String, analytics: [Analytic], tags: [String: String] = [:], userTags: [String: String] = [:],
        meta: [String: String] = [:]
    ) {
        self.id = id
        self.analytics = analytics
        self.tags = tags
        self.userTags = userTags
        self.meta = meta
    }
}

/// What ``DetectionStore/createFusions(_:tags:)`` stores for one fuser.
public struct NewFusion: Sendable, Equatable {
    /// The detection fused.
    public var detectionID: String
    /// The fuser.
    public var fuserID: String
    /// The analytic names that took part; stored sorted and without duplicates.
    public var analyticIDs: [String]
    /// The pending round trip: the request only.
    public var fusion: Mediforproto_Fusion
    /// The queue task that will carry the work.
    public var taskID: String

    /// Creates a fusion entry.
    public init(
        detectionID: String, fuserID: String, analyticIDs: [String], fusion: Mediforproto_Fusion, taskID: String
    ) {
        self.detectionID = detectionID
        self.fuserID = fuserID
        self.analyticIDs = analyticIDs
        self.fusion = fusion
        self.taskID = taskID
    }
}

/// One stored (detection, analytic) row.
public struct StoredAnalytic: Sendable, Equatable {
    /// The analytic id.
    public var analyticID: String
    /// The request while pending, the full round trip once finished.
    public var detection: Mediforproto_Detection
    /// When the row was created.
    public var createdMs: Int64
    /// When the result was stored; `nil` while pending.
    public var finishedMs: Int64?
    /// The queue task while pending; `nil` once finished.
    public var taskID: String?

    /// Whether the result is stored.
    public var isFinished: Bool { finishedMs != nil }

    /// Creates a row value.
    public init(
        analyticID: String, detection: Mediforproto_Detection, createdMs: Int64, finishedMs: Int64?, taskID: String?
    ) {
        self.analyticID = analyticID
        self.detection = detection
        self.createdMs = createdMs
        self.finishedMs = finishedMs
        self.taskID = taskID
    }
}

/// One stored (detection, fuser, analytic set) row.
public struct StoredFusion: Sendable, Equatable {
    /// The fuser.
    public var fuserID: String
    /// The sorted analytic names that took part.
    public var analyticIDs: [String]
    /// The request while pending, the full round trip once finished.
    public var fusion: Mediforproto_Fusion
    /// When the result was stored.
    public var finishedMs: Int64?

    /// Creates a row value.
    public init(fuserID: String, analyticIDs: [String], fusion: Mediforproto_Fusion, finishedMs: Int64?) {
        self.fuserID = fuserID
        self.analyticIDs = analyticIDs
        self.fusion = fusion
        self.finishedMs = finishedMs
    }
}

/// Everything stored about one detection.
public struct StoredDetection: Sendable, Equatable {
    /// The detection id.
    public var id: String
    /// System tags.
    public var tags: [String: String]
    /// User tags.
    public var userTags: [String: String]
    /// Metadata.
    public var meta: [String: String]
    /// One entry per analytic, oldest first, then by analytic id.
    public var analytics: [StoredAnalytic]
    /// With `wantFused`: per fuser (sorted by fuser id), the finished successful fusion covering most analytics.
    public var fusions: [StoredFusion]

    /// Creates a detection value.
    public init(
        id: String, tags: [String: String] = [:], userTags: [String: String] = [:], meta: [String: String] = [:],
        analytics: [StoredAnalytic] = [], fusions: [StoredFusion] = []
    ) {
        self.id = id
        self.tags = tags
        self.userTags = userTags
        self.meta = meta
        self.analytics = analytics
        self.fusions = fusions
    }
}
