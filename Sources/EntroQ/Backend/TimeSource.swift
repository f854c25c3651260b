#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The server clock a backend stamps tasks with, in epoch milliseconds.
///
/// Injected so that tests can move time by hand; production uses ``SystemTimeSource``.
public protocol TimeSource: Sendable {
    /// The current time in epoch milliseconds.
    func nowMs() -> Int64
}

/// The machine's real-time clock.
public struct SystemTimeSource: TimeSource {
    /// Creates the system clock.
    public init() {}

    public func nowMs() -> Int64 {
        let now = Duration.nowSinceEpoch
        return now.components.seconds * 1000 + now.components.attoseconds / 1_000_000_000_000_000
    }
}

extension Duration {
    /// Time since the Unix epoch from the real-time clock.
    fileprivate static var nowSinceEpoch: Duration {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
    }
}

/// A clock moved by hand, for tests.
public final class ManualTimeSource: TimeSource {
    private let current: Mutex<Int64>

    /// Creates a clock reading `startMs`.
    public init(startMs: Int64 = 1_700_000_000_000) {
        current = Mutex(startMs)
    }

    public func nowMs() -> Int64 { current.withLock { $0 } }

    /// Moves the clock forward by `ms` milliseconds.
    public func advance(byMs ms: Int64) {
        current.withLock { $0 += ms }
    }
}
