import RestockCore
import Testing

@Suite struct WatchIndexTests {
    @Test func watchesComeBackInQueueOrderWhateverTheInsertOrder() {
        var index = WatchIndex()
        for id: Int64 in [5, 1, 9, 3] {
            index.insert(watchID: id, variantID: "v1", queuePosition: id, state: .watching)
        }
        #expect(index.watches(variantID: "v1") == [1, 3, 5, 9])
        #expect(index.count(variantID: "v1") == 4)
        #expect(index.watches(variantID: "unknown").isEmpty)
    }

    @Test func filtersByStateAndPages() {
        var index = WatchIndex()
        for id: Int64 in 1...10 {
            index.insert(watchID: id, variantID: "v1", queuePosition: id, state: id % 2 == 0 ? .notified : .watching)
        }
        #expect(index.watches(variantID: "v1", state: .watching) == [1, 3, 5, 7, 9])
        #expect(index.watches(variantID: "v1", state: .notified, afterPosition: 4, limit: 2) == [6, 8])
        #expect(index.watches(variantID: "v1", state: .converted).isEmpty)
        #expect(index.count(variantID: "v1", state: .notified) == 5)
    }

    @Test func removeTakesOutOneWatch() {
        var index = WatchIndex()
        index.insert(watchID: 1, variantID: "v1", queuePosition: 1, state: .watching)
        index.insert(watchID: 2, variantID: "v1", queuePosition: 2, state: .watching)
        let removed = index.remove(watchID: 1, variantID: "v1")
        #expect(removed)
        let removedAgain = index.remove(watchID: 1, variantID: "v1")
        #expect(!removedAgain)
        let removedFromOtherVariant = index.remove(watchID: 2, variantID: "v2")
        #expect(!removedFromOtherVariant)
        #expect(index.watches(variantID: "v1") == [2])
        #expect(index.watchCount == 1)
    }

    @Test func stateChangesStayInPlaceAndTerminalStatesRemove() {
        var index = WatchIndex()
        for id: Int64 in 1...3 { index.insert(watchID: id, variantID: "v1", queuePosition: id, state: .watching) }
        let found = index.setState(watchID: 2, variantID: "v1", state: .notified)
        #expect(found)
        #expect(index.state(watchID: 2, variantID: "v1") == .notified)
        #expect(index.watches(variantID: "v1") == [1, 2, 3])
        let foundToEnd = index.setState(watchID: 2, variantID: "v1", state: .converted)
        #expect(foundToEnd)
        #expect(!index.contains(watchID: 2, variantID: "v1"))
        let foundAfterEnd = index.setState(watchID: 2, variantID: "v1", state: .watching)
        #expect(!foundAfterEnd)
        #expect(index.watches(variantID: "v1") == [1, 3])
    }

    @Test func countsFollowLiveWatchesAndWatchedVariants() {
        var index = WatchIndex()
        index.insert(watchID: 1, variantID: "a", queuePosition: 1, state: .pending)
        index.insert(watchID: 2, variantID: "b", queuePosition: 2, state: .watching)
        index.insert(watchID: 3, variantID: "b", queuePosition: 3, state: .watching)
        #expect((index.watchCount, index.variantCount) == (3, 2))
        index.setState(watchID: 1, variantID: "a", state: .unsubscribed)
        #expect((index.watchCount, index.variantCount) == (2, 1))
        #expect(!index.isWatched(variantID: "a"))
        #expect(index.isWatched(variantID: "b"))
    }

    @Test func insertingAHeldWatchUpdatesItInsteadOfDuplicating() {
        var index = WatchIndex()
        let added = index.insert(watchID: 7, variantID: "v1", queuePosition: 7, state: .pending)
        #expect(added)
        let addedAgain = index.insert(watchID: 7, variantID: "v1", queuePosition: 7, state: .watching)
        #expect(!addedAgain)
        #expect(index.watches(variantID: "v1") == [7])
        #expect(index.state(watchID: 7, variantID: "v1") == .watching)
        #expect(index.watchCount == 1)
    }

    @Test func terminalStateIsNeverInserted() {
        var index = WatchIndex()
        let addedTerminal = index.insert(watchID: 1, variantID: "v1", queuePosition: 1, state: .expired)
        #expect(!addedTerminal)
        #expect(index.watchCount == 0)
    }

    @Test func queuePositionOtherThanTheIdOrdersTheWatch() {
        var index = WatchIndex()
        index.insert(watchID: 3, variantID: "v1", queuePosition: 3, state: .watching)
        index.insert(watchID: 100, variantID: "v1", queuePosition: 2, state: .watching)
        index.insert(watchID: 1, variantID: "v1", queuePosition: 1, state: .watching)
        #expect(index.watches(variantID: "v1") == [1, 100, 3])
        let found = index.setState(watchID: 100, variantID: "v1", state: .notified)
        #expect(found)
        index.insert(watchID: 100, variantID: "v1", queuePosition: 50, state: .watching)
        #expect(index.watches(variantID: "v1") == [1, 3, 100])
        #expect(index.watches(variantID: "v1", afterPosition: 3) == [100])
    }

    @Test func longAndNonASCIIVariantIdsAreDistinct() {
        var index = WatchIndex()
        let ids = [
            "gid://shopify/ProductVariant/44012345678901", "gid://shopify/ProductVariant/44012345678902", "żółw-XL", "",
        ]
        for (offset, variant) in ids.enumerated() {
            index.insert(
                watchID: Int64(offset + 1), variantID: variant, queuePosition: Int64(offset + 1), state: .watching)
        }
        for (offset, variant) in ids.enumerated() {
            #expect(index.watches(variantID: variant) == [Int64(offset + 1)])
        }
        #expect(index.variantCount == 4)
    }

    @Test func rebuildMatchesTheWatchesItWasBuiltFrom() {
        let at = Timestamp(microseconds: 0)
        let watches = [
            Watch(
                id: 4, customerID: 1, variantID: "b", state: .watching, queuePosition: 4, createdAt: at, updatedAt: at),
            Watch(
                id: 2, customerID: 1, variantID: "a", state: .notified, queuePosition: 2, createdAt: at, updatedAt: at),
            Watch(
                id: 1, customerID: 2, variantID: "b", state: .pending, queuePosition: 1, createdAt: at, updatedAt: at),
            Watch(
                id: 3, customerID: 3, variantID: "a", state: .converted, queuePosition: 3, createdAt: at, updatedAt: at),
            Watch(
                id: 4, customerID: 1, variantID: "b", state: .watching, queuePosition: 4, createdAt: at, updatedAt: at),
        ]
        let index = WatchIndex.build(from: watches)
        #expect(index.watches(variantID: "b") == [1, 4])
        #expect(index.watches(variantID: "a") == [2])
        #expect(index.state(watchID: 1, variantID: "b") == .pending)
        #expect((index.watchCount, index.variantCount) == (3, 2))
    }

    @Test func builtIndexTakesChangesLikeAnIncrementalOne() {
        var builder = WatchIndex.Builder()
        for id: Int64 in 1...100 {
            builder.append(watchID: id, variantID: "v\(id % 7)", queuePosition: id, state: .watching)
        }
        var index = builder.build()
        index.insert(watchID: 101, variantID: "v3", queuePosition: 101, state: .watching)
        index.remove(watchID: 3, variantID: "v3")
        #expect(index.watches(variantID: "v3") == [10, 17, 24, 31, 38, 45, 52, 59, 66, 73, 80, 87, 94, 101])
        #expect(index.watchCount == 100)
    }

    /// Random inserts, state changes and removals against a plain model, enough of them to move
    /// segments and compact the pool several times.
    @Test func randomChangesAgreeWithAPlainModel() {
        var random = SplitMix64(seed: 7)
        var index = WatchIndex()
        var model: [String: [Int64: WatchState]] = [:]
        let live: [WatchState] = [.pending, .watching, .notified, .soldOutAgain]
        var nextID: Int64 = 1
        for step in 0..<60_000 {
            let variant = "variant-\(random.next() % 300)"
            switch random.next() % 10 {
            case 0..<6:
                let state = live[Int(random.next() % 4)]
                index.insert(watchID: nextID, variantID: variant, queuePosition: nextID, state: state)
                model[variant, default: [:]][nextID] = state
                nextID += 1
            case 6..<8:
                guard let id = model[variant]?.keys.sorted().randomElement(using: &random) else { continue }
                let state = WatchState.allCases.randomElement(using: &random)!
                let found = index.setState(watchID: id, variantID: variant, state: state)
                #expect(found)
                model[variant]![id] = state.isLive ? state : nil
            default:
                guard let id = model[variant]?.keys.sorted().randomElement(using: &random) else { continue }
                let removed = index.remove(watchID: id, variantID: variant)
                #expect(removed)
                model[variant]![id] = nil
            }
            if step % 10_000 == 9_999 { #expect(Self.agree(index, model)) }
        }
        #expect(Self.agree(index, model))
        #expect(index.watchCount == model.values.reduce(0) { $0 + $1.count })
        #expect(index.variantCount == model.values.filter { !$0.isEmpty }.count)
    }

    static func agree(_ index: WatchIndex, _ model: [String: [Int64: WatchState]]) -> Bool {
        model.allSatisfy { variant, watches in
            index.watches(variantID: variant) == watches.keys.sorted()
                && watches.allSatisfy { index.state(watchID: $0.key, variantID: variant) == $0.value }
        }
    }

    @Test func builtIndexStaysWithinSixteenBytesPerWatch() {
        var builder = WatchIndex.Builder()
        for id: Int64 in 1...200_000 {
            builder.append(
                watchID: id, variantID: "\(44_000_000_000_000 + id % 20_000)", queuePosition: id, state: .watching)
        }
        let index = builder.build()
        #expect(index.watchCount == 200_000)
        #expect(index.approximateBytes() <= 16 * index.watchCount)
    }

    @Test func incrementallyGrownIndexStaysWithinSixteenBytesPerWatch() {
        var index = WatchIndex()
        var random = SplitMix64(seed: 1)
        for id: Int64 in 1...200_000 {
            index.insert(
                watchID: id, variantID: "\(44_000_000_000_000 + random.next() % 20_000)", queuePosition: id,
                state: .watching)
        }
        #expect(index.approximateBytes() <= 16 * index.watchCount)
    }
}

/// A small deterministic generator, so a failing run can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
