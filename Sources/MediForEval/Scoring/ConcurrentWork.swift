import Foundation

/// Runs independent pieces of scoring on several threads and gathers their results in order.
enum ConcurrentWork {
    /// `body(0) … body(count - 1)` on up to `workers` threads, results in index order.
    ///
    /// Items are handed out one at a time, so uneven items balance. After an item fails no new item starts, and
    /// the error of the lowest failing index is thrown, so the error is the same whatever the timing.
    static func map<Result: Sendable>(
        count: Int, workers: Int, _ body: @Sendable (Int) throws(EvaluationError) -> Result
    ) throws(EvaluationError) -> [Result] {
        let state = State<Result>(count: count)
        let threads = min(max(workers, 1), max(count, 1))
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while let index = state.take() {
                do throws(EvaluationError) {
                    state.store(index, .success(try body(index)))
                } catch {
                    state.store(index, .failure(error))
                }
            }
        }
        return try state.results()
    }

    /// The shared work list; every access holds the lock.
    private final class State<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var failed = false
        private var slots: [Swift.Result<Value, EvaluationError>?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func take() -> Int? {
            lock.withLock {
                guard !failed, next < slots.count else { return nil }
                defer { next += 1 }
                return next
            }
        }

        func store(_ index: Int, _ result: Swift.Result<Value, EvaluationError>) {
            lock.withLock {
                if case .failure = result { failed = true }
                slots[index] = result
            }
        }

        func results() throws(EvaluationError) -> [Value] {
            let slots = lock.withLock { self.slots }
            var values: [Value] = []
            values.reserveCapacity(slots.count)
            for slot in slots {
                switch slot {
                case .success(let value)?: values.append(value)
                case .failure(let error)?: throw error
                case nil: break
                }
            }
            return values
        }
    }
}
