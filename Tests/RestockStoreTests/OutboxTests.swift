import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    @Suite struct Outbox {
        @Test("an entry reads back queued, with its items in watch order", arguments: StoreKind.enabled)
        func roundTrip(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let new = entry(customerID: 5, watchIDs: [30, 10, 20], variant: bigVariantID, cycle: 9, due: at(60))
                let (ids, entries) = try await store.transaction { tx in
                    (try tx.enqueue([new]), try tx.outboxEntries(state: nil, limit: 10))
                }
                let id = try #require(ids.first ?? nil)
                #expect(entries.count == 1)
                let stored = try #require(entries.first)
                #expect(stored.id == id)
                #expect(stored.customerID == 5)
                #expect(stored.kind == .backInStock)
                #expect(stored.dedupeKey == new.dedupeKey)
                #expect(stored.state == .queued)
                #expect(stored.attempts == 0)
                #expect(stored.dueAt == at(60))
                #expect(stored.items.map(\.watchID) == [10, 20, 30])
                #expect(stored.items.allSatisfy { $0.variantID == bigVariantID && $0.cycleID == 9 })
            }
        }

        @Test("the same dedupe key again is skipped and writes nothing", arguments: StoreKind.enabled)
        func dedupe(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let first = entry(customerID: 1, watchIDs: [1])
                let second = entry(customerID: 2, watchIDs: [2])
                // Same key, different content: none of it may be written.
                let replay = {
                    var replay = entry(customerID: 1, watchIDs: [1], due: at(999))
                    replay.items.append(OutboxItem(watchID: 3, variantID: "v1", cycleID: 1))
                    replay.dedupeKey = first.dedupeKey
                    return replay
                }()

                let firstIDs = try await store.transaction { try $0.enqueue([first]) }
                let (laterIDs, entries) = try await store.transaction { tx in
                    (try tx.enqueue([replay, second, second]), try tx.outboxEntries(state: nil, limit: 10))
                }
                #expect(firstIDs.count == 1 && firstIDs[0] != nil)
                #expect(laterIDs.count == 3)
                #expect(laterIDs[0] == nil)
                #expect(laterIDs[1] != nil)
                #expect(laterIDs[2] == nil)
                #expect(entries.map(\.id) == [firstIDs[0], laterIDs[1]].compactMap { $0 })
                #expect(entries.first?.dueAt == t0)
                #expect(entries.first?.items.map(\.watchID) == [1])
            }
        }

        @Test("1,000 entries in one call come back with ids in the order given", arguments: StoreKind.enabled)
        func bulkIDsInOrder(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let news = (1...1_000).map { entry(customerID: Int64($0), watchIDs: [Int64($0)]) }
                let (ids, entries) = try await store.transaction { tx in
                    (try tx.enqueue(news), try tx.outboxEntries(state: nil, limit: 2_000))
                }
                let present = ids.compactMap { $0 }
                #expect(present.count == 1_000)
                #expect(zip(present, present.dropFirst()).allSatisfy { $0 < $1 })
                #expect(entries.map(\.id) == present)
                #expect(entries.map(\.dedupeKey) == news.map(\.dedupeKey))
            }
        }

        // A big call takes PostgreSQL's bulk path (plain INSERTs in a savepoint), which a taken
        // key makes fail and redo skipping known keys: the outcome must be the small path's.
        @Test("a big call skips keys already queued or given twice, and keeps its order", arguments: StoreKind.enabled)
        func bigCallSkipsKnownKeys(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let news = (1...1_500).map { entry(customerID: Int64($0), watchIDs: [Int64($0)]) }
                let earlier = try await store.transaction { try $0.enqueue([news[99], news[699]]) }
                let (ids, entries) = try await store.transaction { tx in
                    (try tx.enqueue(news + [news[4]]), try tx.outboxEntries(state: nil, limit: 2_000))
                }
                #expect(earlier.allSatisfy { $0 != nil })
                #expect(ids.count == 1_501)
                #expect(ids[99] == nil && ids[699] == nil && ids[1_500] == nil)
                let present = ids.compactMap { $0 }
                #expect(present.count == 1_498)
                #expect(zip(present, present.dropFirst()).allSatisfy { $0 < $1 })
                #expect(entries.map(\.id) == earlier.compactMap { $0 } + present)
                #expect(Set(entries.map(\.dedupeKey)) == Set(news.map(\.dedupeKey)))
                #expect(entries.count == 1_500)
            }
        }

        @Test("outboxEntries filters by state and honours the limit", arguments: StoreKind.enabled)
        func filterAndLimit(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (ids, queued, sent, firstTwo) = try await store.transaction { tx in
                    let ids = try tx.enqueue((1...3).map { entry(customerID: 1, watchIDs: [Int64($0)]) })
                    return (
                        ids.compactMap { $0 },
                        try tx.outboxEntries(state: .queued, limit: 10),
                        try tx.outboxEntries(state: .sent, limit: 10),
                        try tx.outboxEntries(state: nil, limit: 2)
                    )
                }
                #expect(queued.map(\.id) == ids)
                #expect(sent.isEmpty)
                #expect(firstTwo.map(\.id) == Array(ids.prefix(2)))
                #expect(firstTwo.map { $0.items.map(\.watchID) } == [[1], [2]])
            }
        }
    }
}
