#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a store reads the time it stamps rows with, in epoch milliseconds.
///
/// Injected so tests can fix and move time; no store ever calls the database's `now()`.
public struct StoreClock: Sendable {
    /// The current time in epoch milliseconds.
    public let nowMs: @Sendable () -> Int64

    /// A clock reading `nowMs`.
    public init(nowMs: @escaping @Sendable () -> Int64) {
        self.nowMs = nowMs
    }

    /// The machine's real-time clock.
    public static var system: StoreClock {
        StoreClock {
            var spec = timespec()
            clock_gettime(CLOCK_REALTIME, &spec)
            return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
        }
    }
}
