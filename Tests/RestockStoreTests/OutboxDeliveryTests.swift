import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    /// The outbox as the dispatcher's queue: claimed, leased, marked, retried, given up.
    @Suite struct OutboxDelivery {
        /// Queues one single-watch email per due time, ids in the order given.
        static func queue(_ store: any RestockStore, dues: [Timestamp]) async throws -> [Int64] {
            try await store.transaction { tx in
                try tx.enqueue(
                    dues.enumerated().map { n, due in
                        entry(customerID: Int64(n + 1), watchIDs: [Int64(n + 1)], due: due)
                    }
                )
                .compactMap { $0 }
            }
        }

        @Test("a claim takes due rows oldest due first and leases them", arguments: StoreKind.enabled)
        func claimLeases(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let ids = try await Self.queue(store, dues: [at(20), at(10), at(30), at(500)])
                let claimed = try await store.transaction { tx in
                    try tx.claimOutbox(now: at(100), leaseUntil: at(400), limit: 2)
                }
                // Due at 10 and 20: the oldest two; the one due at 30 waits for the next claim.
                #expect(Set(claimed.map(\.id)) == [ids[0], ids[1]])
                #expect(claimed.allSatisfy { $0.state == .sending && $0.attempts == 1 && $0.dueAt == at(400) })
                #expect(claimed.first?.items.map(\.watchID).count == 1)
                let next = try await store.transaction { tx in
                    try tx.claimOutbox(now: at(100), leaseUntil: at(400), limit: 10)
                }
                #expect(next.map(\.id) == [ids[2]])  // not the leased ones, not the one due at 500
            }
        }

        @Test("a row whose lease ran out is claimed again, one attempt more", arguments: StoreKind.enabled)
        func expiredLease(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let ids = try await Self.queue(store, dues: [at(0)])
                _ = try await store.transaction { try $0.claimOutbox(now: at(1), leaseUntil: at(60), limit: 10) }
                let early = try await store.transaction {
                    try $0.claimOutbox(now: at(59), leaseUntil: at(120), limit: 10)
                }
                #expect(early.isEmpty)
                let again = try await store.transaction {
                    try $0.claimOutbox(now: at(60), leaseUntil: at(120), limit: 10)
                }
                #expect(again.map(\.id) == ids)
                #expect(again.first?.attempts == 2)
            }
        }

        @Test("sent keeps the reply and Message-ID; a row not sending is not marked", arguments: StoreKind.enabled)
        func sent(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let ids = try await Self.queue(store, dues: [at(0), at(0)])
                let marked = try await store.transaction { tx in
                    let token = try #require(try tx.claimOutbox(now: at(1), leaseUntil: at(60), limit: 1).first)
                        .leaseToken
                    return [
                        try tx.markOutboxSent(
                            id: ids[0], token: token, messageID: "restock.1@shop.example", reply: "250 2.0.0 Ok",
                            at: at(2)),
                        // Still queued, never claimed: a stray mark must not skip it.
                        try tx.markOutboxSent(id: ids[1], token: token, messageID: "x", reply: "250", at: at(2)),
                    ]
                }
                #expect(marked == [true, false])
                let rows = try await store.transaction { try $0.outboxEntries(state: nil, limit: 10) }
                let first = try #require(rows.first { $0.id == ids[0] })
                #expect(first.state == .sent)
                #expect(first.sentAt == at(2))
                #expect(first.messageID == "restock.1@shop.example")
                #expect(first.reply == "250 2.0.0 Ok")
                #expect(rows.first { $0.id == ids[1] }?.state == .queued)
                // Sent is final: a second claim and a late mark find nothing to do.
                let late = try await store.transaction { tx in
                    (
                        try tx.claimOutbox(now: at(1000), leaseUntil: at(1060), limit: 10).map(\.id),
                        try tx.markOutboxFailed(id: ids[0], token: 1, error: "late", at: at(1000))
                    )
                }
                #expect(late.0 == [ids[1]])
                #expect(late.1 == false)
            }
        }

        @Test("a retry is due again at its time; a failure never is", arguments: StoreKind.enabled)
        func retryAndFail(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let ids = try await Self.queue(store, dues: [at(0), at(0)])
                try await store.transaction { tx in
                    let claimed = try tx.claimOutbox(now: at(1), leaseUntil: at(60), limit: 10)
                    #expect(
                        try tx.markOutboxRetry(
                            id: ids[0], token: claimed[0].leaseToken, retryAt: at(300), error: "451 4.3.0 later",
                            at: at(2)))
                    #expect(
                        try tx.markOutboxFailed(
                            id: ids[1], token: claimed[1].leaseToken, error: "550 5.7.1 refused", at: at(2)))
                }
                let before = try await store.transaction {
                    try $0.claimOutbox(now: at(299), leaseUntil: at(400), limit: 10)
                }
                #expect(before.isEmpty)
                let due = try await store.transaction {
                    try $0.claimOutbox(now: at(300), leaseUntil: at(400), limit: 10)
                }
                #expect(due.map(\.id) == [ids[0]])
                #expect(due.first?.lastError == "451 4.3.0 later")
                #expect(due.first?.attempts == 2)
                // Giving up counts from the first time the message itself was refused.
                #expect(due.first?.deferredSince == at(2))
                let failed = try await store.transaction { try $0.outboxEntries(state: .failed, limit: 10) }
                #expect(failed.map(\.id) == [ids[1]])
                #expect(failed.first?.lastError == "550 5.7.1 refused")
            }
        }

        @Test("a row in doubt stays sending, due again at its time", arguments: StoreKind.enabled)
        func inDoubt(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let all = try await Self.queue(store, dues: [at(0), at(500)])
                let ids = [all[0]]
                let marked = try await store.transaction { tx in
                    let token = try #require(try tx.claimOutbox(now: at(1), leaseUntil: at(60), limit: 10).first)
                        .leaseToken
                    return try tx.markOutboxInDoubt(
                        id: ids[0], token: token, retryAt: at(90), error: "lost after DATA", at: at(2))
                }
                #expect(marked)
                let row = try #require(
                    try await store.transaction { try $0.outboxEntries(state: .sending, limit: 9) }.first)
                #expect(row.state == .sending && row.dueAt == at(90) && row.lastError == "lost after DATA")
                let early = try await store.transaction {
                    try $0.claimOutbox(now: at(89), leaseUntil: at(200), limit: 10)
                }
                #expect(early.isEmpty)
                let due = try await store.transaction {
                    try $0.claimOutbox(now: at(90), leaseUntil: at(200), limit: 10)
                }
                #expect(due.map(\.id) == ids)
                // Only a row still sending under a claim can be put in doubt.
                #expect(
                    try await store.transaction {
                        try $0.markOutboxInDoubt(id: all[1], token: 0, retryAt: at(9), error: "", at: at(3))
                    } == false)
            }
        }

        @Test("each claim gets a new token; a mark under an earlier claim is refused", arguments: StoreKind.enabled)
        func staleTokenRefused(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let ids = try await Self.queue(store, dues: [at(0)])
                // A sender claims the row, then stalls past its lease; a second sender claims it
                // again and sends it.
                let first = try #require(
                    try await store.transaction { try $0.claimOutbox(now: at(1), leaseUntil: at(60), limit: 1) }.first)
                let second = try #require(
                    try await store.transaction { try $0.claimOutbox(now: at(61), leaseUntil: at(120), limit: 1) }
                        .first)
                #expect(second.leaseToken > first.leaseToken)
                let stale = SentMark(
                    id: ids[0], token: first.leaseToken, messageID: "late", reply: "250 late", at: at(62))
                let marks = try await store.transaction { tx in
                    (
                        // Every outcome the stalled sender could write is refused while the
                        // second owns the row...
                        try tx.markOutboxSent([stale]),
                        try tx.markOutboxRetry(
                            id: ids[0], token: first.leaseToken, retryAt: at(0), error: "x", at: at(62)),
                        try tx.markOutboxInDoubt(
                            id: ids[0], token: first.leaseToken, retryAt: at(0), error: "x", at: at(62)),
                        try tx.markOutboxRequeued(
                            id: ids[0], token: first.leaseToken, dueAt: at(0), error: "x", at: at(62)),
                        try tx.markOutboxFailed(id: ids[0], token: first.leaseToken, error: "x", at: at(62)),
                        // ...whose own mark is written...
                        try tx.markOutboxSent(
                            id: ids[0], token: second.leaseToken, messageID: "restock.1@shop.example", reply: "250 Ok",
                            at: at(63)),
                        // ...and stands against the stalled sender's mark after it.
                        try tx.markOutboxSent(
                            id: ids[0], token: first.leaseToken, messageID: "late", reply: "250 late", at: at(64))
                    )
                }
                #expect(marks.0.isEmpty)
                #expect([marks.1, marks.2, marks.3, marks.4] == [false, false, false, false])
                #expect(marks.5 && !marks.6)
                let row = try #require(try await store.transaction { try $0.outboxEntry(id: ids[0]) })
                #expect(row.state == .sent && row.messageID == "restock.1@shop.example" && row.reply == "250 Ok")
                #expect(row.lastError == nil)
            }
        }

        @Test("a message put back after a fault of the path keeps its attempt count", arguments: StoreKind.enabled)
        func requeueTakesBackTheAttempt(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let ids = try await Self.queue(store, dues: [at(0)])
                let claimed = try #require(
                    try await store.transaction { try $0.claimOutbox(now: at(1), leaseUntil: at(60), limit: 1) }.first)
                #expect(claimed.attempts == 1)
                let requeued = try await store.transaction {
                    try $0.markOutboxRequeued(
                        id: ids[0], token: claimed.leaseToken, dueAt: at(10), error: "relay refused login", at: at(2))
                }
                #expect(requeued)
                let row = try #require(try await store.transaction { try $0.outboxEntry(id: ids[0]) })
                #expect(row.state == .queued && row.dueAt == at(10) && row.attempts == 0)
                #expect(row.lastError == "relay refused login" && row.deferredSince == nil)
                let again = try await store.transaction {
                    try $0.claimOutbox(now: at(10), leaseUntil: at(70), limit: 1)
                }
                #expect(again.map(\.attempts) == [1])
                #expect(again.map(\.leaseToken) == [claimed.leaseToken + 1])
            }
        }

        @Test("concurrent claims never take the same row", arguments: StoreKind.enabled)
        func concurrentClaims(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let ids = try await Self.queue(store, dues: Array(repeating: at(0), count: 40))
                let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
                    for _ in 0..<4 {
                        group.addTask {
                            try await store.transaction { tx in
                                try tx.claimOutbox(now: at(1), leaseUntil: at(60), limit: 10).map(\.id)
                            }
                        }
                    }
                    return try await group.reduce(into: [[Int64]]()) { $0.append($1) }
                }
                let all = claims.flatMap { $0 }
                #expect(all.count == 40)
                #expect(Set(all) == Set(ids))
            }
        }
    }

    @Suite struct Cancellation {
        @Test("cancelling by watch turns only queued rows with those watches cancelled", arguments: StoreKind.enabled)
        func cancelsQueued(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (ids, cancelled, rows) = try await store.transaction { tx in
                    let ids = try tx.enqueue([
                        entry(customerID: 1, watchIDs: [1], due: at(100)),
                        entry(customerID: 1, watchIDs: [2, 3], kind: .soldOutAgain, due: at(100)),
                        entry(customerID: 1, watchIDs: [4], due: t0),
                        entry(customerID: 2, watchIDs: [5], due: at(100)),
                    ]).compactMap { $0 }
                    // The row about watch 4 is being sent: too late to take back.
                    _ = try tx.claimOutbox(now: t0, leaseUntil: at(60), limit: 10)
                    let cancelled = try tx.cancelQueuedOutbox(watchIDs: [1, 3, 4], at: at(5))
                    return (ids, cancelled, try tx.outboxEntries(state: nil, limit: 10))
                }
                #expect(cancelled == 2)
                #expect(rows.map(\.id) == ids)
                #expect(rows.map(\.state) == [.cancelled, .cancelled, .sending, .queued])
                let none = try await store.transaction { try $0.cancelQueuedOutbox(watchIDs: [], at: at(6)) }
                #expect(none == 0)
            }
        }
    }

    @Suite struct Suppression {
        @Test("a suppressed customer keeps the first suppression time", arguments: StoreKind.enabled)
        func keepsFirst(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let customer = try await store.transaction { tx in
                    let customer = try tx.makeCustomer()
                    try tx.suppressCustomer(id: customer.id, at: at(10))
                    try tx.suppressCustomer(id: customer.id, at: at(20))
                    return try tx.customer(id: customer.id)
                }
                #expect(customer?.suppressedAt == at(10))
                await #expect(throws: StoreError.self) {
                    try await store.transaction { try $0.suppressCustomer(id: 999_999, at: at(1)) }
                }
            }
        }
    }
}
