import Logging
import RestockCore
import RestockTestSupport
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

@testable import RestockEngine

/// Deliveries that arrive together share one commit, yet each is answered and fails on its own.
@Suite struct GroupCommitTests {
    struct Refused: Error {}

    @Test(arguments: StoreKind.enabled)
    func aFailingDeliveryInASharedCommitUndoesOnlyItself(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            typealias Body = @Sendable (any StoreTransaction) throws -> IngestOutcome
            let commit = GroupCommit<Body, IngestOutcome>(store: store, maxBatch: 64) { bodies, tx in
                try bodies.map { try $0(tx) }
            }
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for index in 0..<40 {
                    group.addTask {
                        do {
                            _ = try await commit.submit { tx in
                                _ = try tx.recordReceipt(source: "test", id: "d\(index)", at: .now)
                                if index % 10 == 3 { throw Refused() }
                                return (IngestResult(duplicate: false), TransactionWork())
                            }
                            return (index, true)
                        } catch {
                            return (index, false)
                        }
                    }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.count == 40)
            #expect(outcomes.filter { !$0.value }.keys.sorted() == [3, 13, 23, 33])
            // A refused delivery left no receipt; every accepted one did.
            let fresh = try await store.transaction { tx in
                try (0..<40).filter { try tx.recordReceipt(source: "test", id: "d\($0)", at: .now) }
            }
            #expect(fresh == [3, 13, 23, 33])
        }
    }

    /// Deliveries in flight when the service group shuts down are each committed or refused,
    /// none left waiting; after ``CommitsService`` returns no flush is running, and a later
    /// delivery is refused at once as "retry later".
    @Test(.timeLimit(.minutes(2)), arguments: StoreKind.enabled)
    func shutdownAnswersEveryDeliveryAndLeavesNoCommitRunning(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let engine = RestockEngine(store: store, configuration: .init(), logger: Logger(label: "test"))
            let now = Timestamp.now
            func deliver(_ index: Int) async throws -> IngestResult {
                let event = StockEvent(variantID: "v\(index)", change: .absolute(5), occurredAt: now)
                return try await engine.ingest(
                    stock: [event], receipt: DeliveryReceipt(source: "generic", id: "d\(index)"))
            }
            let answers = try await testGracefulShutdown { trigger in
                try await withThrowingTaskGroup(of: (Int, Bool)?.self) { group in
                    group.addTask {
                        try await CommitsService(engine: engine).run()
                        return nil
                    }
                    for index in 0..<100 {
                        group.addTask {
                            do {
                                _ = try await deliver(index)
                                return (index, true)
                            } catch {
                                #expect(error is GroupCommitClosed, "\(error)")
                                return (index, false)
                            }
                        }
                        if index == 50 { trigger.triggerGracefulShutdown() }
                    }
                    return try await group.reduce(into: [Int: Bool]()) {
                        if case let (index, ok)? = $1 { $0[index] = ok }
                    }
                }
            }
            #expect(answers.count == 100)
            #expect(engine.groupCommit.liveFlushers == 0 && engine.tracking.liveFlushers == 0)
            await #expect(throws: GroupCommitClosed.self) { _ = try await deliver(1000) }
            // What was acknowledged is committed; what was refused left nothing behind.
            let stored = try await store.transaction { tx in
                try (0..<100).filter { try tx.stockLevels(variant: "v\($0)").first?.available == 5 }
            }
            #expect(Set(stored) == Set(answers.filter(\.value).keys))
        }
    }

    @Test(arguments: StoreKind.enabled)
    func concurrentRedeliveriesOfOneIdAreAppliedOnce(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let engine = RestockEngine(store: store, configuration: .init(), logger: Logger(label: "test"))
            let event = StockEvent(variantID: "v1", change: .delta(1), occurredAt: .now)
            let results = try await withThrowingTaskGroup(of: IngestResult.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await engine.ingest(stock: [event], receipt: DeliveryReceipt(source: "generic", id: "same"))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { !$0.duplicate }.count == 1)
            let levels = try await store.transaction { try $0.stockLevels(variant: "v1") }
            #expect(levels.map(\.available) == [1])
        }
    }

    /// Two batches commit side by side on PostgreSQL; each reads a level and writes it back, so
    /// without the variant lock one of two concurrent deltas on a variant would be lost.
    @Test(arguments: StoreKind.enabled)
    func concurrentDeltasOnOneVariantAreAllCounted(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let engine = RestockEngine(store: store, configuration: .init(), logger: Logger(label: "test"))
            // One event time for all: a delta older than the stored watermark is stale by design.
            let now = Timestamp.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let variant = index.isMultiple(of: 2) ? "shared" : "v\(index % 7)"
                        let event = StockEvent(variantID: variant, change: .delta(1), occurredAt: now)
                        _ = try await engine.ingest(
                            stock: [event], receipt: DeliveryReceipt(source: "generic", id: "d\(index)"))
                    }
                }
                try await group.waitForAll()
            }
            let levels = try await store.transaction { tx in
                try tx.stockSnapshot(variants: ["shared"] + (0..<7).map { "v\($0)" }).levels
            }
            #expect(levels["shared"]?.map(\.available) == [100])
            #expect((0..<7).reduce(0) { $0 + (levels["v\($1)"]?.first?.available ?? 0) } == 100)
        }
    }
}
