import Foundation
import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    /// What a hit reads to be judged (`clickHistory`, `hasPersonEvent`) and the lock that makes
    /// concurrent hits on one email see each other's rows.
    @Suite struct TrackingHistory {
        /// A click of `visitor` on `link` of email `outbox` at `time`.
        static func click(
            _ outbox: Int64, link: Int64?, _ visitor: String, _ time: Timestamp, machine: Bool = false
        ) -> TrackingEvent {
            TrackingEvent(
                kind: .click, outboxID: outbox, linkID: link, at: time, machine: machine,
                reason: machine ? "known-agent" : nil, visitor: visitor)
        }

        /// An email with one product link per variant in `variants`; its id and the links' ids.
        static func email(_ tx: any StoreTransaction, _ email: String = "ada@example.com", variants: [String])
            throws -> (Int64, [Int64])
        {
            let watch = try tx.makeWatch(email, variant: variants[0])
            let outbox = try #require(
                try tx.enqueue([entry(customerID: watch.customerID, watchIDs: [watch.id], variant: variants[0])]).first
                    ?? nil)
            let links = try tx.saveLinks(
                variants.map { NewLink(outboxID: outbox, variantID: $0, url: "https://shop.example/\($0)") })
            return (outbox, links)
        }

        @Test(
            "a click repeats one of the same visitor on the same link at or after the given time",
            arguments: StoreKind.enabled)
        func repeats(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let answers = try await store.transaction { tx in
                    let (outbox, links) = try Self.email(tx, variants: ["a", "b"])
                    _ = try tx.recordEvent(Self.click(outbox, link: links[0], "ada", at(100)))
                    func repeated(_ link: Int64, _ visitor: String, since: Int) throws -> Bool {
                        try tx.clickHistory(
                            linkID: link, outboxID: outbox, visitor: visitor, repeatSince: at(since),
                            near: at(200)...at(201)
                        ).repeated
                    }
                    return try [
                        repeated(links[0], "ada", since: 40), repeated(links[0], "ada", since: 100),
                        repeated(links[0], "ada", since: 101), repeated(links[1], "ada", since: 40),
                        repeated(links[0], "bob", since: 40),
                    ]
                }
                #expect(answers == [true, true, false, false, false])
            }
        }

        @Test(
            "nearby clicks are every person's on the email's other links within the window, and one machine's",
            arguments: StoreKind.enabled)
        func nearby(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (person, people, machines, clicked, quiet) = try await store.transaction { tx in
                    let (outbox, links) = try Self.email(tx, variants: ["a", "b", "c"])
                    let (other, otherLinks) = try Self.email(tx, "bob@example.com", variants: ["a"])
                    let person = try #require(try tx.recordEvent(Self.click(outbox, link: links[1], "p1", at(100))))
                    _ = try tx.recordEvent(Self.click(outbox, link: links[1], "p2", at(95)))
                    _ = try tx.recordEvent(Self.click(outbox, link: links[2], "m1", at(100), machine: true))
                    _ = try tx.recordEvent(Self.click(outbox, link: links[2], "m2", at(101), machine: true))
                    _ = try tx.recordEvent(Self.click(outbox, link: links[0], "p3", at(100)))
                    _ = try tx.recordEvent(Self.click(other, link: otherLinks[0], "p4", at(100)))
                    let history = try tx.clickHistory(
                        linkID: links[0], outboxID: outbox, visitor: "p5", repeatSince: at(0), near: at(99)...at(101))
                    let (lonely, lonelyLinks) = try Self.email(tx, "eve@example.com", variants: ["a"])
                    _ = try tx.recordEvent(Self.click(lonely, link: lonelyLinks[0], "m3", at(100), machine: true))
                    let quiet = try tx.clickHistory(
                        linkID: lonelyLinks[0], outboxID: lonely, visitor: "m4", repeatSince: at(0),
                        near: at(99)...at(101))
                    return (
                        person, history.nearby.filter { !$0.machine }, history.nearby.filter(\.machine),
                        history.peopleClicked, quiet
                    )
                }
                #expect(people.map(\.eventID) == [person], "not the one outside the window, nor on this link or email")
                #expect(people.first?.at == at(100))
                #expect(machines.count == 1 && machines.allSatisfy { $0.at >= at(100) })
                #expect(clicked)
                #expect(quiet == ClickHistory(repeated: false, nearby: [], peopleClicked: false))
            }
        }

        @Test("whether a person opened or clicked an email; machines do not count", arguments: StoreKind.enabled)
        func personEvents(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let answers = try await store.transaction { tx in
                    let (outbox, links) = try Self.email(tx, variants: ["a"])
                    func answer() throws -> [Bool] {
                        try [
                            tx.hasPersonEvent(outboxID: outbox, kind: .open),
                            tx.hasPersonEvent(outboxID: outbox, kind: .click),
                        ]
                    }
                    var answers = [try answer()]
                    _ = try tx.recordEvent(
                        TrackingEvent(
                            kind: .open, outboxID: outbox, at: at(5), machine: true, reason: "apple-mpp", visitor: "m"))
                    _ = try tx.recordEvent(Self.click(outbox, link: links[0], "m", at(5), machine: true))
                    answers.append(try answer())
                    let click = try #require(try tx.recordEvent(Self.click(outbox, link: links[0], "p", at(60))))
                    answers.append(try answer())
                    _ = try tx.recordEvent(
                        TrackingEvent(kind: .open, outboxID: outbox, at: at(60), machine: false, visitor: "p"))
                    try tx.markEventsMachine(ids: [click], reason: "link-burst")
                    answers.append(try answer())
                    return answers
                }
                #expect(answers == [[false, false], [false, false], [false, true], [true, false]])
            }
        }

        @Test(
            "hits on one email that hold its tracking lock see each other's rows, however concurrent",
            arguments: StoreKind.enabled)
        func lockSerialises(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (outbox, link) = try await store.transaction { tx in
                    let (outbox, links) = try Self.email(tx, variants: ["a"])
                    return (outbox, links[0])
                }
                // Each hit reads, waits a little (so unlocked hits would all read before any
                // writes), then stores its click unless it found one.
                let stored = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<6 {
                        group.addTask {
                            try await store.transaction { tx in
                                try tx.lockTracking(outboxID: outbox)
                                let history = try tx.clickHistory(
                                    linkID: link, outboxID: outbox, visitor: "ada", repeatSince: t0,
                                    near: t0...at(1))
                                usleep(20_000)
                                guard !history.repeated else { return false }
                                _ = try tx.recordEvent(Self.click(outbox, link: link, "ada", at(1)))
                                return true
                            }
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(stored == 1)
                #expect(try await store.transaction { try $0.events(outboxID: outbox, kind: .click) }.count == 1)
            }
        }
    }
}
