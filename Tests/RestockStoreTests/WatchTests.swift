import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    @Suite struct Watches {
        @Test("a new watch reads back as written, its queue position its id", arguments: StoreKind.enabled)
        func insertRoundTrip(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (inserted, stored) = try await store.transaction { tx in
                    let customer = try tx.makeCustomer()
                    let new = NewWatch(
                        customerID: customer.id, variantID: bigVariantID, locationID: "warehouse-a",
                        quantity: 2, locale: "de", state: .pending,
                        consent: Consent(source: "storefront", text: "Notify me", ip: "192.0.2.1", at: t0),
                        createdAt: t0, expiresAt: at(86_400))
                    let inserted = try tx.insertWatch(new)
                    return (inserted, try tx.watch(id: inserted.id))
                }
                #expect(inserted.queuePosition == inserted.id)
                #expect(
                    inserted
                        == Watch(
                            id: inserted.id, customerID: inserted.customerID, variantID: bigVariantID,
                            locationID: "warehouse-a", quantity: 2, locale: "de", state: .pending,
                            queuePosition: inserted.id, createdAt: t0, updatedAt: t0,
                            expiresAt: at(86_400)))
                #expect(stored == inserted)
            }
        }

        @Test("a second live watch on the same variant is refused", arguments: StoreKind.enabled)
        func oneLiveWatchPerVariant(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                for state in WatchState.liveStates {
                    let variant = "v-\(state.rawValue)"
                    let customerID = try await store.transaction { tx in
                        try tx.makeWatch(variant: variant, state: state).customerID
                    }
                    let error = await #expect(throws: StoreError.self, "after a \(state) watch") {
                        try await store.transaction { tx in
                            try tx.insertWatch(newWatch(customerID: customerID, variantID: variant))
                        }
                    }
                    #expect(error?.code == .uniqueViolation)
                }
            }
        }

        @Test("a watch that has ended makes room for a new one", arguments: StoreKind.enabled)
        func endedWatchFreesSlot(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                for state in WatchState.allCases where !state.isLive {
                    let variant = "v-\(state.rawValue)"
                    let (old, new, live) = try await store.transaction { tx in
                        var old = try tx.makeWatch(variant: variant)
                        old.state = state
                        try tx.saveWatches([old])
                        let new = try tx.insertWatch(newWatch(customerID: old.customerID, variantID: variant))
                        return (old, new, try tx.liveWatch(customerID: old.customerID, variantID: variant))
                    }
                    #expect(new.queuePosition > old.queuePosition)
                    #expect(live == new, "after a \(state) watch")
                }
            }
        }

        @Test("liveWatch finds the live watch and nothing else", arguments: StoreKind.enabled)
        func liveWatchLookup(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (watch, beforeAny, found, otherVariant, afterConverted) = try await store.transaction { tx in
                    let customer = try tx.makeCustomer()
                    let beforeAny = try tx.liveWatch(customerID: customer.id, variantID: "v1")
                    var watch = try tx.insertWatch(newWatch(customerID: customer.id, variantID: "v1"))
                    let found = try tx.liveWatch(customerID: customer.id, variantID: "v1")
                    let otherVariant = try tx.liveWatch(customerID: customer.id, variantID: "v2")
                    watch.state = .converted
                    try tx.saveWatches([watch])
                    let afterConverted = try tx.liveWatch(customerID: customer.id, variantID: "v1")
                    return (watch, beforeAny, found, otherVariant, afterConverted)
                }
                #expect(beforeAny == nil)
                #expect(found?.id == watch.id)
                #expect(otherVariant == nil)
                #expect(afterConverted == nil)
            }
        }

        @Test("a variant's watches in one state come in queue order, a page at a time", arguments: StoreKind.enabled)
        func queueOrderPages(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (watching, firstPage, secondPage, notified) = try await store.transaction { tx in
                    var watching: [Watch] = []
                    for n in 1...5 {
                        watching.append(try tx.makeWatch("c\(n)@example.com", variant: "v1"))
                        _ = try tx.makeWatch("c\(n)@example.com", variant: "v2")
                    }
                    var notified = try tx.makeWatch("late@example.com", variant: "v1")
                    notified.state = .notified
                    try tx.saveWatches([notified])
                    let firstPage = try tx.watches(variantID: "v1", state: .watching, afterPosition: nil, limit: 3)
                    let secondPage = try tx.watches(
                        variantID: "v1", state: .watching, afterPosition: firstPage.last?.queuePosition, limit: 3)
                    let notifiedPage = try tx.watches(variantID: "v1", state: .notified, afterPosition: nil, limit: 10)
                    return (watching, firstPage, secondPage, notifiedPage)
                }
                #expect(firstPage.map(\.id) == watching.prefix(3).map(\.id))
                #expect(secondPage.map(\.id) == watching.suffix(2).map(\.id))
                #expect(notified.map(\.variantID) == ["v1"])
            }
        }

        @Test("saveWatches writes state, cycle, times and expiry of every watch", arguments: StoreKind.enabled)
        func saveWritesFields(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (saved, stored) = try await store.transaction { tx in
                    var saved: [Watch] = []
                    for n in 1...3 {
                        var watch = try tx.makeWatch("c\(n)@example.com", variant: "v1")
                        watch.state = .notified
                        watch.cycleID = 7
                        watch.notifiedAt = at(n)
                        watch.updatedAt = at(n)
                        watch.expiresAt = at(1_000 + n)
                        saved.append(watch)
                    }
                    try tx.saveWatches(saved)
                    return (saved, try saved.map { try tx.watch(id: $0.id) })
                }
                #expect(stored == saved)
            }
        }

        @Test("saveWatches saves thousands of watches in one call", arguments: StoreKind.enabled)
        func saveInBulk(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let count = 2_000
                try await store.transaction { tx in
                    var watches: [Watch] = []
                    for n in 0..<count {
                        var watch = try tx.makeWatch("c\(n)@example.com", variant: "v1")
                        watch.state = .notified
                        watches.append(watch)
                    }
                    try tx.saveWatches(watches)
                }
                let (notified, watching) = try await store.transaction { tx in
                    (
                        try tx.watches(variantID: "v1", state: .notified, afterPosition: nil, limit: 10_000).count,
                        try tx.watches(variantID: "v1", state: .watching, afterPosition: nil, limit: 10_000).count
                    )
                }
                #expect(notified == count)
                #expect(watching == 0)
            }
        }

        @Test("saving a watch that does not exist fails and writes nothing", arguments: StoreKind.enabled)
        func saveUnknown(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let known = try await store.transaction { try $0.makeWatch(variant: "v1") }
                var changed = known
                changed.state = .notified
                var ghost = known
                ghost.id = known.id + 1_000
                let watches = [changed, ghost]
                let error = await #expect(throws: StoreError.self) {
                    try await store.transaction { try $0.saveWatches(watches) }
                }
                #expect(error?.code == .notFound)
                let stored = try await store.transaction { try $0.watch(id: known.id) }
                #expect(stored == known)
            }
        }

        @Test("liveWatches pages through live watches by id", arguments: StoreKind.enabled)
        func liveWatchesPaging(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (live, firstPage, secondPage) = try await store.transaction { tx in
                    var live: [Int64] = []
                    for (n, state) in WatchState.allCases.enumerated() {
                        var watch = try tx.makeWatch(variant: "v\(n)")
                        watch.state = state
                        try tx.saveWatches([watch])
                        if state.isLive { live.append(watch.id) }
                    }
                    let firstPage = try tx.liveWatches(afterID: 0, limit: 2)
                    let secondPage = try tx.liveWatches(afterID: firstPage.last?.id ?? 0, limit: 100)
                    return (live, firstPage, secondPage)
                }
                #expect(firstPage.map(\.id) == Array(live.prefix(2)))
                #expect(secondPage.map(\.id) == Array(live.dropFirst(2)))
                #expect((firstPage + secondPage).allSatisfy { $0.state.isLive })
            }
        }
        @Test("watches(ids:) and customers(ids:) find the known ones and skip the rest", arguments: StoreKind.enabled)
        func byIDs(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (watches, customers, expected) = try await store.transaction { tx in
                    let a = try tx.makeWatch("ada@example.com", variant: "v1")
                    let b = try tx.makeWatch("bob@example.com", variant: "v2")
                    return (
                        try tx.watches(ids: [a.id, b.id, a.id, 999_999]),
                        try tx.customers(ids: [a.customerID, b.customerID, 999_999]), [a, b]
                    )
                }
                #expect(watches == Dictionary(uniqueKeysWithValues: expected.map { ($0.id, $0) }))
                #expect(Set(customers.keys) == Set(expected.map(\.customerID)))
                #expect(customers[expected[1].customerID]?.email == "bob@example.com")
                #expect(try await store.transaction { try $0.watches(ids: []) }.isEmpty)
            }
        }

        @Test("liveWatches(customerID:) lists one customer's live watches by id", arguments: StoreKind.enabled)
        func liveWatchesOfCustomer(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (ada, found, nobody) = try await store.transaction { tx in
                    var ada: [Int64] = []
                    for (n, state) in WatchState.allCases.enumerated() {
                        var watch = try tx.makeWatch(variant: "v\(n)")
                        watch.state = state
                        try tx.saveWatches([watch])
                        if state.isLive { ada.append(watch.id) }
                    }
                    _ = try tx.makeWatch("zoe@example.com", variant: "v0")
                    let customer = try tx.makeCustomer()
                    return (ada, try tx.liveWatches(customerID: customer.id), try tx.liveWatches(customerID: 999_999))
                }
                #expect(found.map(\.id) == ada)
                #expect(nobody.isEmpty)
            }
        }
    }
}
