import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    /// `attributions` and `follow_ups`, and the reads attribution makes across tables.
    @Suite struct AttributionAndFollowUps {
        static func order(_ id: String, email: String = "ada@example.com", status: String = "paid", at seconds: Int)
            -> OrderEvent
        {
            OrderEvent(
                source: "generic", orderID: id, email: email, currency: "EUR", totalMinor: 1_999, status: status,
                lines: [.init(variantID: bigVariantID, quantity: 1, priceMinor: 1_999)], occurredAt: at(seconds))
        }

        @Test("touches are people's events in the window on emails covering the watches", arguments: StoreKind.enabled)
        func touchesArePeoplesInTheWindow(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (touches, watchID, outbox) = try await store.transaction { tx in
                    let watch = try tx.makeWatch(variant: bigVariantID)
                    let other = try tx.makeWatch("bob@example.com", variant: bigVariantID)
                    let ids = try tx.enqueue([
                        entry(customerID: watch.customerID, watchIDs: [watch.id], variant: bigVariantID),
                        entry(customerID: other.customerID, watchIDs: [other.id], variant: bigVariantID),
                    ])
                    let (mine, theirs) = (ids[0]!, ids[1]!)
                    for (outbox, seconds, machine) in [
                        (mine, 10, false), (mine, 20, true), (mine, 500, false), (theirs, 30, false),
                    ] {
                        _ = try tx.recordEvent(
                            TrackingEvent(
                                kind: .click, outboxID: outbox, at: at(seconds), machine: machine, visitor: "v"))
                    }
                    return (try tx.touches(watchIDs: [watch.id], since: at(0), until: at(100)), watch.id, mine)
                }
                #expect(touches.map(\.at) == [at(10)])
                #expect(touches.first?.watchID == watchID && touches.first?.outboxID == outbox)
                #expect(touches.first?.kind == .click)
            }
        }

        @Test("a line is credited once, and a reversal marks every credit of the order", arguments: StoreKind.enabled)
        func creditsOnceAndReverse(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (first, again, reversed, stored) = try await store.transaction { tx in
                    _ = try tx.saveOrder(Self.order("9", at: 0), at: at(0))
                    let credit = Attribution(
                        orderSource: "generic", orderID: "9", lineNo: 1, outboxID: 42, model: .click,
                        amountMinor: 1_999,
                        currency: "EUR", eventID: 7, createdAt: at(1))
                    var other = credit
                    other.outboxID = 43
                    let first = try tx.saveAttributions([credit])
                    let again = try tx.saveAttributions([other])
                    let reversed = try tx.reverseAttributions(source: "generic", orderID: "9", at: at(60))
                    return (first, again, reversed, try tx.attributions(source: "generic", orderID: "9"))
                }
                #expect(first == 1 && again == 0 && reversed == 1)
                #expect(stored.count == 1 && stored.first?.outboxID == 42 && stored.first?.eventID == 7)
                #expect(stored.first?.model == .click && stored.first?.reversedAt == at(60))
            }
        }

        @Test("a partial reversal marks only the named lines", arguments: StoreKind.enabled)
        func reversesNamedLines(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (partial, rest, stored) = try await store.transaction { tx in
                    _ = try tx.saveOrder(Self.order("9", at: 0), at: at(0))
                    let credits = (1...3).map { line in
                        Attribution(
                            orderSource: "generic", orderID: "9", lineNo: line, outboxID: 42, model: .click,
                            amountMinor: 100, currency: "EUR", eventID: 7, createdAt: at(1))
                    }
                    _ = try tx.saveAttributions(credits)
                    let partial = try tx.reverseAttributions(
                        source: "generic", orderID: "9", lines: [2, 3], at: at(60))
                    let rest = try tx.reverseAttributions(source: "generic", orderID: "9", at: at(90))
                    return (partial, rest, try tx.attributions(source: "generic", orderID: "9"))
                }
                #expect(partial == 2 && rest == 1)
                #expect(stored.map(\.reversedAt) == [at(90), at(60), at(60)])
            }
        }

        @Test(
            "a purchase counts from its time on, by email, unless cancelled or refunded", arguments: StoreKind.enabled)
        func purchases(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let answers = try await store.transaction { tx in
                    _ = try tx.saveOrder(Self.order("1", at: 100), at: at(100))
                    _ = try tx.saveOrder(
                        Self.order("2", email: "bob@example.com", status: "refunded", at: 100), at: at(100))
                    return [
                        try tx.hasPurchased(email: "ada@example.com", variantID: bigVariantID, since: at(50)),
                        try tx.hasPurchased(email: "ada@example.com", variantID: bigVariantID, since: at(150)),
                        try tx.hasPurchased(email: "ada@example.com", variantID: "v2", since: at(50)),
                        try tx.hasPurchased(email: "bob@example.com", variantID: bigVariantID, since: at(50)),
                    ]
                }
                #expect(answers == [true, false, false, false])
            }
        }

        @Test("follow-ups: one per watch and cycle, due in order, done once", arguments: StoreKind.enabled)
        func followUps(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (added, repeated, due, early, done, second) = try await store.transaction { tx in
                    let watch = try tx.makeWatch(variant: bigVariantID)
                    let other = try tx.makeWatch("bob@example.com", variant: bigVariantID)
                    let ids = try tx.enqueue([
                        entry(customerID: watch.customerID, watchIDs: [watch.id], variant: bigVariantID),
                        entry(customerID: other.customerID, watchIDs: [other.id], variant: bigVariantID),
                        entry(
                            customerID: watch.customerID, watchIDs: [watch.id], variant: bigVariantID,
                            kind: .soldOutAgain),
                    ])
                    let added =
                        try tx.scheduleFollowUps(outboxID: ids[0]!, dueAt: at(200))
                        + tx.scheduleFollowUps(outboxID: ids[1]!, dueAt: at(100))
                        + tx.scheduleFollowUps(outboxID: ids[2]!, dueAt: at(50))
                    let repeated = try tx.scheduleFollowUps(outboxID: ids[0]!, dueAt: at(999))
                    let due = try tx.dueFollowUps(at: at(300), limit: 10)
                    let early = try tx.dueFollowUps(at: at(150), limit: 10)
                    try tx.completeFollowUp(id: due[0].id, outcome: .lapsed, at: at(300))
                    let done = try tx.followUps(watchID: other.id)
                    return (
                        added, repeated, due.map(\.watchID), early.map(\.watchID), done,
                        try tx.dueFollowUps(at: at(300), limit: 10)
                    )
                }
                #expect(added == 2, "a sold-out-again email gets no purchase check")
                #expect(repeated == 0)
                #expect(due.count == 2 && early == [due[0]])
                #expect(done.count == 1 && done.first?.outcome == .lapsed && done.first?.doneAt == at(300))
                #expect(done.first?.dueAt == at(100))
                #expect(second.map(\.watchID) == [due[1]])
            }
        }

        @Test("stats add up the same before and after pending increments are folded", arguments: StoreKind.enabled)
        func statsFold(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let key = StatsKey(kind: "back_in_stock", language: "pl", variantID: bigVariantID)
                let other = StatsKey(kind: "back_in_stock", language: "en", variantID: "v2")
                try await store.transaction { tx in
                    try tx.addStats([key.increment(.delivered, at: at(0)), key.increment(.delivered, at: at(5))])
                    try tx.addStats([other.increment(.delivered, at: at(10)), key.increment(.humanOpens, at: at(20))])
                    try tx.addStats([key.increment(.delivered, at: at(86_400))])
                }
                let day = StatsIncrement.day(at(0))
                func read() async throws -> [String] {
                    try await store.transaction { tx in
                        try StatsGrouping.allCases.flatMap { grouping in
                            try tx.stats(fromDay: day, toDay: day, groupBy: grouping).map {
                                "\(grouping) \($0.group) \($0.metric) \($0.value)"
                            }.sorted()
                        }
                    }
                }
                let before = try await read()
                #expect(before.contains("template back_in_stock/pl delivered 2"))
                #expect(
                    before.contains("variant \(bigVariantID) delivered 2")
                        && before.contains("kind back_in_stock delivered 3"))
                let folded = try await store.transaction { try $0.foldStats() }
                #expect(folded == (kind == .postgres ? 4 : 0), "one pending row per key and day")
                #expect(try await read() == before)
                #expect(try await store.transaction { try $0.foldStats() } == 0)
            }
        }

        /// A rollup is summed from what shops sent, and earlier releases stored amounts of any
        /// size: one that passes 64 bits is held at the largest number, so the fold goes on and
        /// the figures still read, instead of failing every fold (PostgreSQL) or storing a REAL
        /// that stops the process when read (SQLite); a range of days summing past 64 bits is
        /// held too, instead of failing `/v1/stats` for that range.
        @Test("a rollup past 64 bits is held at the largest number", arguments: StoreKind.enabled)
        func rollupsHoldAtTheBounds(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let key = StatsKey(kind: "back_in_stock", language: "pl", variantID: bigVariantID)
                for delta in [Int64.max - 1, Int64.max - 1, -5] {
                    try await store.transaction { tx in
                        try tx.addStats([key.increment("revenue:click:EUR", at: at(0), by: delta)])
                    }
                    _ = try await store.transaction { try $0.foldStats() }
                }
                try await store.transaction { tx in
                    try tx.addStats([key.increment("revenue:click:PLN", at: at(0), by: .min + 1)])
                    try tx.addStats([key.increment("revenue:click:PLN", at: at(0), by: .min + 1)])
                }
                _ = try await store.transaction { try $0.foldStats() }
                let day = StatsIncrement.day(at(0))
                let rows = try await store.transaction { tx in
                    try [StatsGrouping.template, .variant].flatMap { grouping in
                        try tx.stats(fromDay: day, toDay: day, groupBy: grouping).map { "\($0.metric) \($0.value)" }
                    }.sorted()
                }
                #expect(
                    rows == [
                        "revenue:click:EUR \(Int64.max - 5)", "revenue:click:EUR \(Int64.max - 5)",
                        "revenue:click:PLN \(Int64.min)", "revenue:click:PLN \(Int64.min)",
                    ])

                // A range of days sums the held rows again, past 64 bits, and is held the same way.
                let nextDay = StatsIncrement.day(at(86_400))
                try await store.transaction { tx in
                    try tx.addStats([
                        key.increment("revenue:click:EUR", at: at(86_400), by: .max - 1),
                        key.increment("revenue:click:PLN", at: at(86_400), by: .min + 1),
                        key.increment("revenue:click:USD", at: at(86_400), by: -7),
                    ])
                }
                let range = try await store.transaction { tx in
                    try tx.stats(fromDay: day, toDay: nextDay, groupBy: .kind).map { "\($0.metric) \($0.value)" }
                        .sorted()
                }
                #expect(
                    range == [
                        "revenue:click:EUR \(Int64.max)", "revenue:click:PLN \(Int64.min)", "revenue:click:USD -7",
                    ])
            }
        }
    }
}
