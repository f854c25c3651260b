import EntroQ

extension ConformanceScenario {
    static let modifyScenarios: [ConformanceScenario] = [
        ConformanceScenario("an explicit id that exists anywhere collides with an INSERT failure") { h in
            let (q1, q2) = ("/dup/a/\(TaskIDGenerator.make())", "/dup/b/\(TaskIDGenerator.make())")
            let id = "fixed-\(TaskIDGenerator.make())"
            _ = try await h.backend.modify(Modification(claimant: "c", inserts: [TaskData(queue: q1, id: id)]))
            try check(try await h.tryClaim([q1])?.id == id, "an explicit-id insert is claimable")
            for queue in [q1, q2] {
                let failures = try await expectDependencyError {
                    _ = try await h.backend.modify(Modification(claimant: "c", inserts: [TaskData(queue: queue, id: id)]))
                }
                try check(failures.count == 1 && failures[0].kind == .insert && failures[0].id.id == id,
                          "collision in \(queue) names the id, got \(failures)")
            }
            try check(try await h.backend.tasks(TaskQuery(queue: q2)).isEmpty, "nothing was inserted")
        },
        ConformanceScenario("deleting a missing task or a wrong version names it") { h in
            let queue = "/del/\(TaskIDGenerator.make())"
            let task = try await h.insert(queue)[0]
            for wrong in [TaskID(id: "missing-\(TaskIDGenerator.make())", version: 0), TaskID(id: task.id, version: 7)] {
                let failures = try await expectDependencyError {
                    _ = try await h.backend.modify(Modification(claimant: "c", deletes: [wrong]))
                }
                try check(failures.map(\.kind) == [.delete] && failures[0].id.id == wrong.id, "got \(failures)")
            }
            _ = try await h.backend.modify(Modification(claimant: "c", deletes: [task.taskID]))
            try check(try await h.task(task.id) == nil, "the right version deletes")
            let again = try await expectDependencyError {
                _ = try await h.backend.modify(Modification(claimant: "c", deletes: [task.taskID]))
            }
            try check(again.map(\.kind) == [.delete], "a second delete fails")
        },
        ConformanceScenario("a stale change is a CHANGE failure and commits nothing") { h in
            let queue = "/stale/\(TaskIDGenerator.make())"
            let task = try await h.insert(queue)[0]
            let stale = TaskChange(oldID: TaskID(id: task.id, version: task.version + 5),
                                   newData: TaskData(queue: queue, value: .string("new")))
            let failures = try await expectDependencyError {
                _ = try await h.backend.modify(Modification(
                    claimant: "c", inserts: [TaskData(queue: queue, value: .string("extra"))], changes: [stale]))
            }
            try check(failures.map(\.kind) == [.change] && failures[0].id.id == task.id, "got \(failures)")
            let listed = try await h.backend.tasks(TaskQuery(queue: queue))
            try check(listed.count == 1 && listed[0].version == task.version, "nothing was committed")
        },
        ConformanceScenario("a dependency error names every failing item") { h in
            let queue = "/many/\(TaskIDGenerator.make())"
            let tasks = try await h.insert(queue, count: 2)
            let missing = TaskID(id: "gone-\(TaskIDGenerator.make())", version: 1)
            let failures = try await expectDependencyError {
                _ = try await h.backend.modify(Modification(
                    claimant: "c",
                    inserts: [TaskData(queue: queue, id: tasks[0].id)],
                    changes: [TaskChange(oldID: TaskID(id: tasks[1].id, version: 9), newData: TaskData(queue: queue))],
                    deletes: [TaskID(id: "gone2-\(TaskIDGenerator.make())", version: 0)],
                    depends: [missing]))
            }
            let kinds = Set(failures.map(\.kind))
            try check(kinds == [.insert, .change, .delete, .depend], "all four failures are reported, got \(failures)")
            try check(failures.contains { $0.kind == .depend && $0.id.id == missing.id }, "the missing depend is named")
        },
        ConformanceScenario("a depend holds without bumping the version; a missing depend commits nothing") { h in
            let queue = "/depend/\(TaskIDGenerator.make())"
            let config = try await h.insert(queue + "/config")[0]
            _ = try await h.backend.modify(Modification(
                claimant: "c", inserts: [TaskData(queue: queue)], depends: [config.taskID]))
            try check(try await h.task(config.id)?.version == config.version, "depend does not bump the version")
            try check(try await h.backend.tasks(TaskQuery(queue: queue)).count == 1, "the insert committed")
            _ = try await expectDependencyError {
                _ = try await h.backend.modify(Modification(
                    claimant: "c", inserts: [TaskData(queue: queue)], depends: [TaskID(id: config.id, version: 3)]))
            }
            try check(try await h.backend.tasks(TaskQuery(queue: queue)).count == 1, "nothing more committed")
        },
        ConformanceScenario("a task held by another claimant cannot be changed by a third party") { h in
            let queue = "/held/\(TaskIDGenerator.make())"
            try await h.insert(queue)
            guard let claimed = try await h.tryClaim([queue], as: "owner") else {
                throw ConformanceFailure(description: "no task claimed", file: #fileID, line: #line)
            }
            let failures = try await expectDependencyError {
                _ = try await h.backend.modify(Modification(
                    claimant: "intruder",
                    changes: [TaskChange(oldID: claimed.taskID, newData: TaskData(queue: queue + "/stolen"))]))
            }
            try check(failures.map(\.kind) == [.claim], "the failure is a CLAIM, got \(failures)")
            try check(try await h.task(claimed.id)?.queue == queue, "the task stays put")
        },
        ConformanceScenario("the zero-time sentinel and absolute arrivals far in the past mean now") { h in
            let queue = "/sentinel/\(TaskIDGenerator.make())"
            let now = try await h.backend.time()
            let result = try await h.backend.modify(Modification(claimant: "c", inserts: [
                TaskData(queue: queue, arrival: .absolute(-6_795_364_578_871)),
                TaskData(queue: queue, arrival: .absolute(0)),
            ]))
            try check(result.inserted.allSatisfy { $0.atMs == now }, "sentinel arrivals are snapped to server time")
            let claimed = try await h.tryClaim([queue])
            try check(claimed != nil, "the task is available at once")
            guard let claimed else { return }
            let released = try await h.backend.modify(Modification(claimant: "worker", changes: [
                TaskChange(oldID: claimed.taskID, newData: TaskData(queue: queue, arrival: .absolute(-6_795_364_578_871)))
            ])).changed[0]
            try check(released.atMs == now && released.claimant == "", "a sentinel change releases the task now")
        },
        ConformanceScenario("lease and reset-claims change modes") { h in
            let queue = "/modes/\(TaskIDGenerator.make())"
            try await h.insert(queue)
            guard let claimed = try await h.tryClaim([queue], durationMs: 1000) else {
                throw ConformanceFailure(description: "no task claimed", file: #fileID, line: #line)
            }
            let lease = TaskChange(oldID: claimed.taskID, newData: TaskData(queue: "", arrival: .relative(60_000)),
                                   mode: .lease)
            let renewed = try await h.backend.modify(Modification(claimant: "worker", changes: [lease])).changed[0]
            try check(renewed.queue == queue && renewed.value == claimed.value, "a lease change keeps queue and value")
            try check(renewed.version == claimed.version + 1 && renewed.claims == 1, "version bumps, claims kept")
            try check(renewed.claimant == "worker", "the lease is held")
            let reset = TaskChange(oldID: renewed.taskID, newData: TaskData(queue: queue + "/next", value: .string("v")),
                                   mode: .resetClaims)
            let moved = try await h.backend.modify(Modification(claimant: "worker", changes: [reset])).changed[0]
            try check(moved.claims == 0 && moved.queue == queue + "/next", "claims reset on a reset-claims change")
        },
    ]
}
