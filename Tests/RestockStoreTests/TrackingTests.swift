import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    /// `links` and `events`: what the tracking endpoints read and write.
    @Suite struct Tracking {
        /// One queued email to `ada` about `bigVariantID`; returns its outbox id.
        static func email(_ tx: any StoreTransaction) throws -> Int64 {
            let watch = try tx.makeWatch(variant: bigVariantID)
            return try #require(
                try tx.enqueue([entry(customerID: watch.customerID, watchIDs: [watch.id], variant: bigVariantID)]).first
                    ?? nil)
        }

        @Test("links are saved in order, and saving an email's link again keeps its id", arguments: StoreKind.enabled)
        func linksKeepTheirIDs(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (first, again, stored) = try await store.transaction { tx in
                    let outbox = try Self.email(tx)
                    let first = try tx.saveLinks([
                        NewLink(outboxID: outbox, variantID: bigVariantID, url: "https://shop.example/a"),
                        NewLink(outboxID: outbox, variantID: "v2", url: "https://shop.example/b"),
                    ])
                    let again = try tx.saveLinks([
                        NewLink(outboxID: outbox, variantID: "v2", url: "https://shop.example/b2"),
                        NewLink(outboxID: outbox, variantID: bigVariantID, url: "https://shop.example/a"),
                    ])
                    return (first, again, try first.map { try tx.link(id: $0) })
                }
                #expect(first.count == 2 && first[0] != first[1])
                #expect(again == [first[1], first[0]])
                #expect(stored.map { $0?.url } == ["https://shop.example/a", "https://shop.example/b2"])
                #expect(stored.first??.variantID == bigVariantID)
                #expect(try await store.transaction { try $0.link(id: 999_999) } == nil)
            }
        }

        @Test("an open is kept once per visitor; clicks are all kept", arguments: StoreKind.enabled)
        func opensOncePerVisitor(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (ids, opens, clicks, all) = try await store.transaction { tx in
                    let outbox = try Self.email(tx)
                    func event(_ kind: TrackingKind, _ visitor: String, _ seconds: Int) -> TrackingEvent {
                        TrackingEvent(
                            kind: kind, outboxID: outbox, watchID: 1, linkID: kind == .click ? 5 : nil, at: at(seconds),
                            machine: visitor == "proxy", reason: visitor == "proxy" ? "apple-mpp" : nil,
                            userAgent: "agent", ip: "203.0.113.7", visitor: visitor)
                    }
                    let ids = try [
                        tx.recordEvent(event(.open, "ada", 10)), tx.recordEvent(event(.open, "ada", 20)),
                        tx.recordEvent(event(.open, "proxy", 5)), tx.recordEvent(event(.click, "ada", 30)),
                        tx.recordEvent(event(.click, "ada", 31)),
                    ]
                    return (
                        ids, try tx.events(outboxID: outbox, kind: .open),
                        try tx.events(outboxID: outbox, kind: .click),
                        try tx.events(outboxID: outbox, kind: nil)
                    )
                }
                #expect(ids[1] == nil, "the second open by the same visitor is not kept")
                #expect(ids.compactMap { $0 }.count == 4)
                #expect(opens.map(\.visitor) == ["proxy", "ada"], "oldest first")
                #expect(opens.first?.machine == true && opens.first?.reason == "apple-mpp")
                #expect(clicks.map(\.at) == [at(30), at(31)] && clicks.allSatisfy { $0.linkID == 5 && !$0.machine })
                #expect(all.count == 4 && all.allSatisfy { $0.ip == "203.0.113.7" && $0.userAgent == "agent" })
            }
        }

        @Test("clicks judged again become machines with the reason", arguments: StoreKind.enabled)
        func markMachines(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let clicks = try await store.transaction { tx in
                    let outbox = try Self.email(tx)
                    let ids = try (0..<3).compactMap { second in
                        try tx.recordEvent(
                            TrackingEvent(kind: .click, outboxID: outbox, at: at(second), machine: false, visitor: "v"))
                    }
                    try tx.markEventsMachine(ids: Array(ids.prefix(2)), reason: "link-burst")
                    return try tx.events(outboxID: outbox, kind: .click)
                }
                #expect(clicks.map(\.machine) == [true, true, false])
                #expect(clicks.map(\.reason) == ["link-burst", "link-burst", nil])
            }
        }

        @Test("an outbox row is read back by id with its items", arguments: StoreKind.enabled)
        func outboxByID(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (id, found, missing) = try await store.transaction { tx in
                    let id = try Self.email(tx)
                    return (id, try tx.outboxEntry(id: id), try tx.outboxEntry(id: id + 1_000))
                }
                #expect(found?.id == id && found?.items.map(\.variantID) == [bigVariantID])
                #expect(found?.sentAt == nil && missing == nil)
            }
        }
    }
}
