import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    @Suite struct Cycles {
        @Test("a variant has at most one open cycle", arguments: StoreKind.enabled)
        func oneOpenCycle(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (started, open) = try await store.transaction { tx in
                    let started = try tx.startCycle(variant: bigVariantID, at: t0)
                    return (started, try tx.openCycle(variant: bigVariantID))
                }
                #expect(started == RestockCycle(id: started.id, variantID: bigVariantID, openedAt: t0))
                #expect(open == started)

                let error = await #expect(throws: StoreError.self) {
                    try await store.transaction { try $0.startCycle(variant: bigVariantID, at: at(10)) }
                }
                #expect(error?.code == .uniqueViolation)

                let (afterClose, next) = try await store.transaction { tx in
                    var closed = started
                    closed.closedAt = at(20)
                    try tx.saveCycle(closed)
                    let afterClose = try tx.openCycle(variant: bigVariantID)
                    return (afterClose, try tx.startCycle(variant: bigVariantID, at: at(30)))
                }
                #expect(afterClose == nil)
                #expect(next.id != started.id)
            }
        }

        @Test("saveCycle writes the next wave and the waves sent", arguments: StoreKind.enabled)
        func saveWrites(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (saved, stored) = try await store.transaction { tx in
                    var cycle = try tx.startCycle(variant: "v1", at: t0)
                    cycle.nextWaveAt = at(900)
                    cycle.wavesSent = 2
                    try tx.saveCycle(cycle)
                    return (cycle, try tx.openCycle(variant: "v1"))
                }
                #expect(stored == saved)
            }
        }

        @Test("cyclesDue lists open cycles due by then, earliest first", arguments: StoreKind.enabled)
        func due(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (cycles, due, firstTwo) = try await store.transaction { tx in
                    // variant: next wave, closed?
                    let plan: [(String, Timestamp?, Bool)] = [
                        ("a", at(30), false), ("b", at(10), false), ("c", at(10), false),
                        ("d", at(100), false), ("e", nil, false), ("f", at(5), true),
                    ]
                    var cycles: [String: RestockCycle] = [:]
                    for (variant, nextWave, closed) in plan {
                        var cycle = try tx.startCycle(variant: variant, at: t0)
                        cycle.nextWaveAt = nextWave
                        cycle.closedAt = closed ? at(6) : nil
                        try tx.saveCycle(cycle)
                        cycles[variant] = cycle
                    }
                    return (
                        cycles, try tx.cyclesDue(at: at(60), limit: 10), try tx.cyclesDue(at: at(60), limit: 2)
                    )
                }
                #expect(due == ["b", "c", "a"].compactMap { cycles[$0] })
                #expect(firstTwo == ["b", "c"].compactMap { cycles[$0] })
            }
        }

        @Test("saving a cycle that does not exist fails", arguments: StoreKind.enabled)
        func saveUnknown(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let error = await #expect(throws: StoreError.self) {
                    try await store.transaction { tx in
                        try tx.saveCycle(RestockCycle(id: 4_242, variantID: "v1", openedAt: t0, wavesSent: 1))
                    }
                }
                #expect(error?.code == .notFound)
            }
        }
    }
}
