import EntroQ
import EntroQPostgres
import Testing

@Suite("Postgres notification listener")
struct PostgresListenerTests {
    @Test("after the server kills the listener's connection it resubscribes and wakes claims that missed a notify")
    func listenerReconnects() async throws {
        let schema = TestDatabase.uniqueSchema()
        guard var configuration = try TestDatabase.configuration(schema: schema),
            let url = TestDatabase.url
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
                    let terminate = """
                        SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
                        WHERE query = 'LISTEN "\(schema)_tasks";'
                        """
                    #expect(try PSQL.run(url: url, terminate) == "2")
                    try await withTimeout(.seconds(20), "the listener noticing") {
                        while waiting.isListening { try await Task.sleep(for: .milliseconds(5)) }
                    }
                    // `inserting` leases its first query connection while its pool still counts the killed
                    // listener connection as open: this also guards against lending out a dying connection.
                    _ = try await inserting.modify(Modification(claimant: "p", inserts: [TaskData(queue: "/again")]))
                    try await group.waitForAll()
                    #expect(waiting.listenerSubscriptions > subscriptions)
                }
            }
        }
    }
}
