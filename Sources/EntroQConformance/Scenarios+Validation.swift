import EntroQ

extension ConformanceScenario {
    static let validationScenarios: [ConformanceScenario] = [
        ConformanceScenario("malformed requests are refused as invalid arguments and change nothing") { h in
            let queue = "/invalid/\(TaskIDGenerator.make())"
            let task = try await h.insert(queue)[0]
            try await expectInvalidArgument { _ = try await h.backend.modify(Modification(claimant: "c")) }
            try await expectInvalidArgument {
                _ = try await h.backend.tryClaim(ClaimRequest(claimant: "c", queues: [queue], durationMs: -5))
            }
            try await expectInvalidArgument {
                _ = try await h.backend.tryClaim(ClaimRequest(claimant: "c", queues: []))
            }
            try await expectInvalidArgument {
                _ = try await h.backend.tryClaim(ClaimRequest(claimant: "c", queues: [queue], durationMs: .max))
            }
            try await expectInvalidArgument {
                _ = try await h.backend.modify(Modification(claimant: "c", inserts: [TaskData(queue: "")]))
            }
            try await expectInvalidArgument {
                _ = try await h.backend.modify(Modification(claimant: "c", deletes: [task.taskID, task.taskID]))
            }
            try await expectInvalidArgument {
                let long = String(repeating: "x", count: 65)
                _ = try await h.backend.modify(Modification(claimant: "c", inserts: [TaskData(queue: queue, id: long)]))
            }
            let listed = try await h.backend.tasks(TaskQuery(queue: queue))
            try check(listed == [task], "the queue is unchanged")
        },
    ]
}
