import Synchronization

/// Wakes claims waiting on queues when work arrives there.
///
/// A waiter registers for a set of queues, looks for work, and, finding none, waits. ``notify(_:)`` wakes every
/// waiter registered on the queue (each one then races to claim; the losers wait again), so no wake-up is lost
/// even when a waiter found work by itself after registering.
public final class QueueNotifier: Sendable {
    /// A registration returned by ``register(queues:)``.
    public struct Waiter: Hashable, Sendable {
        fileprivate let id: UInt64
    }

    private struct Entry {
        var queues: [String]
        /// Set once the waiter has been woken before it started waiting.
        var signalled = false
        var continuation: CheckedContinuation<Void, Never>?
    }

    /// Registered waiters by id, and waiter ids by queue.
    private struct State {
        var nextID: UInt64 = 0
        var entries: [UInt64: Entry] = [:]
        var byQueue: [String: Set<UInt64>] = [:]
    }

    private let state = Mutex(State())

    /// Creates a notifier with no waiters.
    public init() {}

    /// Registers interest in `queues`; pair with ``unregister(_:)``.
    public func register(queues: [String]) -> Waiter {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.entries[id] = Entry(queues: queues)
            for queue in queues { state.byQueue[queue, default: []].insert(id) }
            return Waiter(id: id)
        }
    }

    /// Removes a registration, resuming its wait if one is pending.
    public func unregister(_ waiter: Waiter) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let entry = state.entries.removeValue(forKey: waiter.id) else { return nil }
            for queue in entry.queues {
                state.byQueue[queue]?.remove(waiter.id)
                if state.byQueue[queue]?.isEmpty == true { state.byQueue[queue] = nil }
            }
            return entry.continuation
        }
        continuation?.resume()
    }

    /// Wakes every waiter registered on `queue`.
    public func notify(_ queue: String) {
        let continuations = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard let ids = state.byQueue[queue] else { return [] }
            var woken: [CheckedContinuation<Void, Never>] = []
            for id in ids {
                state.entries[id]?.signalled = true
                if let continuation = state.entries[id]?.continuation {
                    woken.append(continuation)
                    state.entries[id]?.continuation = nil
                }
            }
            return woken
        }
        for continuation in continuations { continuation.resume() }
    }

    /// Wakes the waiters of every queue in `queues`.
    public func notify<S: Sequence<String>>(all queues: S) {
        for queue in queues { notify(queue) }
    }

    /// Whether any waiter is registered on `queue`.
    public func hasWaiters(on queue: String) -> Bool {
        state.withLock { $0.byQueue[queue]?.isEmpty == false }
    }

    /// Suspends until the waiter is notified, `timeout` passes, or the calling task is cancelled.
    public func wait(_ waiter: Waiter, timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
            }
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                        let resumeNow = self.state.withLock { state -> Bool in
                            guard state.entries[waiter.id] != nil, state.entries[waiter.id]?.signalled == false
                            else { return true }
                            state.entries[waiter.id]?.continuation = continuation
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    self.release(waiter)
                }
            }
            await group.next()
            group.cancelAll()
        }
        // A timed-out or cancelled wait leaves its continuation set: resume it so the child task ends.
        release(waiter)
    }

    /// Marks the waiter woken and resumes its pending wait, keeping the registration.
    private func release(_ waiter: Waiter) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.entries[waiter.id]?.signalled = true
            let continuation = state.entries[waiter.id]?.continuation
            state.entries[waiter.id]?.continuation = nil
            return continuation
        }
        continuation?.resume()
    }
}
