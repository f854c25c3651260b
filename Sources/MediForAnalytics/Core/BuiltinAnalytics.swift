/// The analytics and fusers built into `medifor`. Adding an analytic is one new file in `Analytics/` and one line
/// in ``all``.
public enum BuiltinAnalytics {
    /// Every built-in analytic, in the order they are listed and run.
    public static let all: [any ForensicAnalytic] = [
        ErrorLevelAnalysis(),
    ]

    /// The analytic with this id.
    public static func named(_ id: String) -> (any ForensicAnalytic)? {
        all.first { $0.descriptor.id == id }
    }
}
