import Metrics

/// The metrics of analytic and fusion workers, exported on `/metrics` by the process's Prometheus registry:
///
/// - `medifor_worker_tasks_total{kind, id, outcome, code}`: finished tasks; `outcome` is `success` or `failure`
///   (the analytic answered an error, timed out or stayed unreachable), `code` the gRPC status name.
/// - `medifor_worker_call_seconds{kind, id}`: analytic or fuser call duration, retries included.
/// - `medifor_worker_retries_total{kind, id}`: attempts repeated because the server was unavailable.
enum WorkerMetrics {
    static let codeNames = [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ]

    /// Records one finished task.
    static func record(kind: String, id: String, code: Int32, startMs: Int64, endMs: Int64) {
        let name = codeNames.indices.contains(Int(code)) ? codeNames[Int(code)] : "CODE_\(code)"
        Counter(label: "medifor_worker_tasks_total", dimensions: [
            ("kind", kind), ("id", id), ("outcome", code == 0 ? "success" : "failure"), ("code", name),
        ]).increment()
        Timer(label: "medifor_worker_call_seconds", dimensions: [("kind", kind), ("id", id)])
            .recordMilliseconds(max(endMs - startMs, 0))
    }

    /// Records one retried attempt.
    static func retried(kind: String, id: String) {
        Counter(label: "medifor_worker_retries_total", dimensions: [("kind", kind), ("id", id)]).increment()
    }
}
