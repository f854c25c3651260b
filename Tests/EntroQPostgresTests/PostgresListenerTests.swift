import EntroQ
import EntroQPostgres
import Foundation
import Testing

@Suite("Postgres notification listener")
struct PostgresListenerTests {
    @Test("after the server kills the listener's connection it resubscribes and wakes claims that missed a notify")
    func listenerReconnects() async throws {
        let schema = TestDatabase.uniqueSchema()
        guard var configuration = try TestDatabase.configuration(schema: schema),
            let url = ProcessInfo.processInfo.environment[TestDatabase.urlVariable]
        else { return }
        let inserting = try PostgresBackend(configuration: configuration)
        // A slow reconnection leaves a window in which an insert's notification is lost for `waiting`.
        configuration.listenRetryDelay = .seconds(2)
        let waiting = try PostgresBackend(configuration: configuration)
        try await withRunning([waiting, inserting]) {
            try await dropping(waiting) {
                try await waiting.migrate()
                try await withTimeout(.seconds(20), "the first LISTEN") { await waiting.waitUntilListening() }
                let request = ClaimRequest(claimant: "waiter", queues: ["/again"], pollMs: 600_000)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        let claimed = try await withTimeout(.seconds(20), "the woken claim") {
                            try await waiting.claim(request)
                        }
                        #expect(claimed.queue == "/again")
                    }
                    try await withTimeout(.seconds(20), "the claim's registration") {
                        while !waiting.notifier.hasWaiters(on: "/again") { try await Task.sleep(for: .milliseconds(5)) }
                    }
                    let subscriptions = waiting.listenerSubscriptions
                    // Both backends listen on the schema's channel.
                    #expect(try terminateListeners(url: url, channel: "\(schema)_tasks") == 2)
                    try await withTimeout(.seconds(20), "the listener noticing") {
                        while waiting.isListening { try await Task.sleep(for: .milliseconds(5)) }
                    }
                    _ = try await inserting.modify(Modification(claimant: "p", inserts: [TaskData(queue: "/again")]))
                    try await group.waitForAll()
                    #expect(waiting.listenerSubscriptions > subscriptions)
                }
            }
        }
    }

    /// Terminates the server processes LISTENing on `channel` (through `psql`) and returns how many there were.
    private func terminateListeners(url: String, channel: String) throws -> Int {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "psql", url, "-X", "-At", "-c",
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query = 'LISTEN \"\(channel)\";'",
        ]
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}
