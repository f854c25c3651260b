/// What a worker's handler decided to do with the task it processed.
///
/// The worker turns it into one modification against the task's *latest* version (after lease renewals), so
/// the outcome and any new tasks are committed atomically.
public enum WorkResult: Sendable {
    /// Delete the task, inserting `inserts` in the same modification.
    case delete(inserting: [TaskData] = [])
    /// Move the task to `queue` with `value`, released, inserting `inserts` in the same modification.
    case move(to: String, value: JSONValue?, inserting: [TaskData] = [])
    /// Build the modification from the task's latest state.
    case custom(@Sendable (EntroQTask) -> Modification)

    /// The modification that applies this result to `task` on behalf of `claimant`.
    func modification(for task: EntroQTask, claimant: String) -> Modification {
        switch self {
        case .delete(let inserts):
            return Modification(claimant: claimant, inserts: inserts, deletes: [task.taskID])
        case .move(let queue, let value, let inserts):
            let change = TaskChange(oldID: task.taskID, newData: TaskData(queue: queue, value: value))
            return Modification(claimant: claimant, inserts: inserts, changes: [change])
        case .custom(let build):
            return build(task)
        }
    }
}

/// An error a handler throws to have its task retried later or moved to the error queue.
///
/// Any other error thrown by a handler is fatal: the worker stops and rethrows it.
public struct WorkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the worker does with the task.
    public enum Action: Sendable, Hashable {
        /// Try again after the retry delay (or move to the error queue once attempts run out).
        case retry
        /// Move the task to the error queue now.
        case moveToErrorQueue
    }

    public var action: Action
    /// Recorded in the task's `err` field.
    public var message: String

    /// Creates a work error.
    public init(_ action: Action, _ message: String) {
        self.action = action
        self.message = message
    }

    /// A failure worth retrying later.
    public static func retry(_ message: String) -> WorkError { WorkError(.retry, message) }
    /// A failure that retrying will not fix.
    public static func moveToErrorQueue(_ message: String) -> WorkError { WorkError(.moveToErrorQueue, message) }

    public var description: String { message }
}
