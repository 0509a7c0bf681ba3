import RestockCore
import RestockEngine
import RestockTestSupport
import Testing

/// The engine performs exactly what the watch lifecycle returns (docs/ARCHITECTURE.md §3): one
/// shop's watches driven through every row the engine fires, on every store, each step checked
/// against the machine's own answer. A step that queued an email, cancelled one, or planned a
/// wave the actions did not call for fails, as does one that left out any it did.
extension EngineTests {
    /// What the lifecycle's actions can write, read before and after a step.
    struct Written: Sendable {
        var watches: [Int64: Watch]
        var outbox: [Int64: OutboxEntry]
        var followUps: [Int64: FollowUp]
        var cycles: [String: RestockCycle]

        static func read(_ store: any RestockStore, variants: [String], known: [Int64]) async throws -> Written {
            try await store.transaction { tx in
                var watches = try tx.watches(ids: known)
                for watch in try tx.liveWatches(afterID: 0, limit: 1_000) { watches[watch.id] = watch }
                var followUps: [Int64: FollowUp] = [:]
                for id in watches.keys {
                    for check in try tx.followUps(watchID: id) { followUps[check.id] = check }
                }
                var cycles: [String: RestockCycle] = [:]
                for variant in variants { cycles[variant] = try tx.openCycle(variant: variant) }
                let outbox = try tx.outboxEntries(state: nil, limit: 1_000)
                return Written(
                    watches: watches, outbox: Dictionary(uniqueKeysWithValues: outbox.map { ($0.id, $0) }),
                    followUps: followUps, cycles: cycles)
            }
        }
    }

    /// An email's kind and the watch it tells, one per item: coalescing may put several in a row.
    struct Told: Hashable, Comparable, CustomStringConvertible {
        var kind: NotificationKind
        var watchID: Int64
        var cycleID: Int64?

        static func < (a: Told, b: Told) -> Bool { a.description < b.description }
        var description: String { "\(kind.rawValue)#\(watchID)@\(cycleID.map(String.init) ?? "-")" }
    }

    /// Runs `body` and checks what it wrote against the machine: the watches in `events` (and a
    /// new watch, when `created` says whether it needed double opt-in) changed as their rows say
    /// and no other watch changed; the new outbox items are exactly the emails their actions
    /// queue, about the restock cycle that was open (or opened) on the watch's variant; the rows
    /// cancelled are exactly the queued ones of the watches whose actions cancel mail; a variant
    /// whose watch's actions plan a wave, and whose open cycle had stopped its waves, has one due
    /// now; and the purchase checks added are exactly one per watch covered by a back-in-stock
    /// email this step sent.
    @discardableResult
    func expectLifecycle(
        _ store: any RestockStore, _ step: String, created: Bool? = nil, events: [Int64: WatchLifecycle.Event] = [:],
        _ body: () async throws -> Void
    ) async throws -> Written {
        let variants = ["v1", "v2"]
        let before = try await Written.read(store, variants: variants, known: [])
        try await body()
        let after = try await Written.read(store, variants: variants, known: Array(before.watches.keys))
        let comment = Comment(rawValue: step)

        var actions: [Int64: [WatchLifecycle.Action]] = [:]
        for (id, watch) in after.watches {
            if let old = before.watches[id] {
                if let event = events[id] {
                    let row = try WatchLifecycle.transition(from: old.state, on: event)
                    #expect(watch.state == row.state, comment)
                    actions[id] = row.actions
                } else {
                    #expect(watch.state == old.state, comment)
                }
            } else {
                let doubleOptIn = try #require(created as Bool?, comment)
                let start = WatchLifecycle.initial(doubleOptIn: doubleOptIn)
                #expect(watch.state == start.state, comment)
                actions[id] = start.actions
            }
        }
        #expect(Set(events.keys).isSubset(of: Set(before.watches.keys)), comment)
        if created != nil { #expect(after.watches.count == before.watches.count + 1, comment) }

        var queued: [Told] = []
        var cancelling: Set<Int64> = []
        var planning: Set<String> = []
        for (id, list) in actions {
            for action in list {
                switch action {
                case .queueEmail(let kind):
                    let variant = after.watches[id]!.variantID
                    let cycle =
                        kind == .confirmSubscription ? nil : (before.cycles[variant] ?? after.cycles[variant])?.id
                    queued.append(Told(kind: kind, watchID: id, cycleID: cycle))
                case .cancelPendingMail: cancelling.insert(id)
                case .planWaveIfOnSale: planning.insert(after.watches[id]!.variantID)
                }
            }
        }
        let added = after.outbox.values.filter { before.outbox[$0.id] == nil }
        let told = added.flatMap { row in
            row.items.map { Told(kind: row.kind, watchID: $0.watchID, cycleID: $0.cycleID) }
        }
        #expect(told.sorted() == queued.sorted(), comment)

        let cancelled = before.outbox.values.filter { after.outbox[$0.id]?.state == .cancelled && $0.state == .queued }
        let toCancel = before.outbox.values.filter { row in
            row.state == .queued && row.items.contains { cancelling.contains($0.watchID) }
        }
        #expect(Set(cancelled.map(\.id)) == Set(toCancel.map(\.id)), comment)

        for variant in planning {
            if let cycle = before.cycles[variant], cycle.nextWaveAt == nil {
                #expect(after.cycles[variant]?.nextWaveAt == clock.now, comment)
            }
        }

        let sent = after.outbox.values.filter { $0.state == .sent && before.outbox[$0.id]?.state != .sent }
        let checked = sent.filter { WatchLifecycle.checksPurchase(afterSending: $0.kind) }.flatMap { row in
            row.items.map { Told(kind: row.kind, watchID: $0.watchID, cycleID: $0.cycleID) }
        }
        let checks = after.followUps.values.filter { before.followUps[$0.id] == nil }.map {
            Told(kind: .backInStock, watchID: $0.watchID, cycleID: $0.cycleID)
        }
        #expect(checks.sorted() == checked.sorted(), comment)
        return after
    }

    /// One shop through the lifecycle: subscriptions with and without double opt-in, a restock
    /// and its waves, a sell-out that finds emails sent and emails still queued, a
    /// re-subscription into a restock whose waves had stopped, purchases (one before its email
    /// went out, one only the purchase check finds), a window that closes, and a customer-wide
    /// unsubscribe.
    @Test(arguments: StoreKind.enabled)
    func theEngineWritesExactlyWhatTheLifecycleReturns(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let engine = engine(store, .init(perUnit: 1, waveInterval: 60, doubleOptIn: true))
            var ids: [String: Int64] = [:]
            for name in ["ada", "bob", "cem", "dan"] {
                try await expectLifecycle(store, "subscribe \(name)", created: false) {
                    ids[name] = try await subscribe(engine, "\(name)@example.com").watchID
                }
            }
            try await expectLifecycle(store, "storefront subscribe", created: true) {
                clock.advance(seconds: 1)
                ids["eve"] = try await engine.subscribe(
                    SubscribeRequest(
                        email: "eve@example.com", variantID: "v1",
                        consent: Consent(source: "storefront", at: clock.now), trusted: false)
                ).watchID
            }
            let (ada, bob, cem, dan, eve) = (ids["ada"]!, ids["bob"]!, ids["cem"]!, ids["dan"]!, ids["eve"]!)

            // Two back: the two oldest watching are told, a wave a minute later for the rest.
            try await expectLifecycle(store, "restock", events: [ada: .selectedInWave, bob: .selectedInWave]) {
                let queued = try await engine.ingest(stock: [level("v1", 2)], receipt: nil).queued
                #expect(queued == 2)
            }
            // Their emails and Eve's confirmation go out; the back-in-stock ones start checks.
            try await expectLifecycle(store, "send") { try await send(store) }
            try await expectLifecycle(store, "confirm", events: [eve: .confirm]) {
                let outcome = try await engine.confirm(watchID: eve)
                #expect(outcome == .done)
            }
            clock.advance(seconds: 61)
            try await expectLifecycle(store, "second wave", events: [cem: .selectedInWave, dan: .selectedInWave]) {
                let queued = try await engine.runDueWaves()
                #expect(queued == 2)
            }

            // Sold out: Ada and Bob were told and hear it is gone; Cem's and Dan's emails are
            // still queued, so they are withdrawn and both wait again at their places.
            try await expectLifecycle(
                store, "sold out",
                events: [ada: .soldOutAgain, bob: .soldOutAgain, cem: .soldOutUnsent, dan: .soldOutUnsent]
            ) {
                let queued = try await engine.ingest(stock: [level("v1", 0)], receipt: nil).queued
                #expect(queued == 2)
            }

            // Back again: Cem and Dan first, then Eve; then the waves stop, nobody is left.
            try await expectLifecycle(store, "restock again", events: [cem: .selectedInWave, dan: .selectedInWave]) {
                let queued = try await engine.ingest(stock: [level("v1", 2)], receipt: nil).queued
                #expect(queued == 2)
            }
            clock.advance(seconds: 61)
            let stopped = try await expectLifecycle(store, "wave for Eve", events: [eve: .selectedInWave]) {
                let queued = try await engine.runDueWaves()
                #expect(queued == 1)
            }
            #expect(stopped.cycles["v1"] != nil && stopped.cycles["v1"]?.nextWaveAt == nil)
            try await expectLifecycle(store, "send again") { try await send(store) }

            // Bob re-subscribes while the restock runs and its waves have stopped: a wave is due.
            try await expectLifecycle(store, "resubscribe", events: [bob: .resubscribe]) {
                let outcome = try await engine.resubscribe(watchID: bob)
                #expect(outcome == .done)
            }
            try await expectLifecycle(store, "wave for the re-subscribed", events: [bob: .selectedInWave]) {
                let queued = try await engine.runDueWaves()
                #expect(queued == 1)
            }

            // Bob buys before his email went out (it is cancelled); Cem after his was sent.
            try await expectLifecycle(store, "orders", events: [bob: .purchased, cem: .purchased]) {
                let orders = ["bob", "cem"].map { name in
                    OrderEvent(
                        source: "shop", orderID: name, email: "\(name)@example.com", currency: "EUR", totalMinor: 900,
                        status: "paid", lines: [.init(variantID: "v1", quantity: 1, priceMinor: 900)],
                        occurredAt: clock.now)
                }
                let converted = try await engine.ingest(orders: orders, receipt: nil).converted
                #expect(converted == 2)
            }

            // Eve's purchase reaches the database without the order webhook (an import): only
            // her check finds it. Dan bought nothing: his window closes. The checks of Ada, Bob
            // and Cem find them moved on.
            clock.advance(seconds: 6 * 86_400)
            try await store.transaction { tx in
                _ = try tx.saveOrder(
                    OrderEvent(
                        source: "import", orderID: "eve", email: "eve@example.com", currency: "EUR", totalMinor: 900,
                        status: "paid", lines: [.init(variantID: "v1", quantity: 1, priceMinor: 900)],
                        occurredAt: clock.now), at: clock.now)
            }
            try await expectLifecycle(store, "purchase checks", events: [dan: .windowClosed, eve: .purchased]) {
                let checked = try await engine.runDueFollowUps()
                #expect(checked == 5)
            }

            // Ada also waits for v2, told but not sent yet when she unsubscribes from everything.
            try await expectLifecycle(store, "subscribe ada to v2", created: false) {
                ids["ada2"] = try await subscribe(engine, "ada@example.com", variant: "v2").watchID
            }
            let ada2 = ids["ada2"]!
            let told = try await expectLifecycle(store, "restock v2", events: [ada2: .selectedInWave]) {
                let queued = try await engine.ingest(stock: [level("v2", 1)], receipt: nil).queued
                #expect(queued == 1)
            }
            let customer = try #require(told.watches[ada]?.customerID)
            try await expectLifecycle(store, "unsubscribe", events: [ada: .unsubscribe, ada2: .unsubscribe]) {
                let outcome = try await engine.unsubscribe(customerID: customer)
                #expect(outcome == .done)
            }
        }
    }
}
