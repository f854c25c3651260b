import Foundation
import MediForProto

/// The JSON object `medifor detect --json` prints for each file, one per line.
///
/// Without `--wait` it has `id`, `file`, `stored` and `mimeType`; with `--wait` also `complete`, `finished`,
/// `total`, `fusedScore` (absent when there is none), `fusers` and `analytics`, each entry an object with `id`,
/// `status` (`ok`, `failed`, `opt-out`, or a stage such as `queued`), and `score` or `message` when known.
package struct DetectReport: Encodable, Equatable, Sendable {
    /// One analytic's or fuser's outcome.
    package struct Entry: Encodable, Equatable, Sendable {
        package var id: String
        package var status: String
        package var score: Double?
        package var message: String?

        /// An entry from a summarised outcome.
        package init(_ analytic: DetectionSummary.Analytic) {
            id = analytic.id
            status = analytic.outcome.label
            switch analytic.outcome {
            case .scored(let value): score = value
            case .failed(let text): message = text
            default: break
            }
        }
    }

    package var id: String
    package var file: String
    package var stored: String
    package var mimeType: String
    package var complete: Bool?
    package var finished: Int32?
    package var total: Int32?
    package var fusedScore: Double?
    package var fusers: [Entry]?
    package var analytics: [Entry]?

    /// A report of a submission.
    package init(id: String, file: String, stored: String, mimeType: String) {
        self.id = id
        self.file = file
        self.stored = stored
        self.mimeType = mimeType
    }

    /// Adds the results of a detection read after waiting.
    package mutating func add(_ info: Mediforproto_DetectionInfo, complete: Bool) {
        let summary = DetectionSummary(info)
        self.complete = complete
        finished = summary.finished
        total = summary.total
        fusedScore = summary.fusedScore
        fusers = summary.fusers.map(Entry.init)
        analytics = summary.analytics.map(Entry.init)
    }

    /// The report as one line of JSON with sorted keys.
    package func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
