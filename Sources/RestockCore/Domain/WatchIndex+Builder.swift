extension WatchIndex {
    /// Builds an index from the store's live watches in one pass, page by page, with every
    /// segment exactly as long as it needs to be (8 bytes per watch in the pool).
    ///
    /// Appending costs 12 bytes per watch until ``build()``, which then lays out the pool with a
    /// counting sort by variant. Watches may come in any order; by id is cheapest, because each
    /// segment then needs no sorting. A watch appended twice is held once (which of the two is
    /// unspecified), and watches in terminal states are ignored.
    public struct Builder: Sendable {
        private var names = VariantInterner()
        private var variants: [Int32] = []
        private var entries: [Int64] = []
        private var positions: [Int64: Int64] = [:]

        public init() {}

        /// Makes room for `count` more watches, when the caller knows how many are coming.
        public mutating func reserveCapacity(_ count: Int) {
            variants.reserveCapacity(variants.count + count)
            entries.reserveCapacity(entries.count + count)
        }

        /// - Precondition: `0 <= watchID < 2^56`.
        public mutating func append(
            watchID: Int64, variantID: String, queuePosition: Int64, state: WatchState
        ) {
            guard let code = WatchIndex.code(of: state) else { return }
            precondition(watchID >= 0 && watchID <= WatchIndex.idMask, "watch id out of range: \(watchID)")
            variants.append(names.intern(variantID))
            entries.append(WatchIndex.pack(watchID, code: code))
            if queuePosition != watchID { positions[watchID] = queuePosition }
        }

        /// Lays out the index.
        public consuming func build() -> WatchIndex {
            let variantTotal = names.count
            var counts = [UInt32](repeating: 0, count: variantTotal)
            for variant in variants { counts[Int(variant)] += 1 }
            var starts = [UInt32](repeating: 0, count: variantTotal)
            var next = 0
            for variant in 0..<variantTotal {
                starts[variant] = WatchIndex.offset(next)
                next += Int(counts[variant])
            }
            var pool = [Int64](repeating: 0, count: entries.count)
            var fill = starts.map(Int.init)
            for (variant, entry) in zip(variants, entries) {
                pool[fill[Int(variant)]] = entry
                fill[Int(variant)] += 1
            }
            variants = []
            entries = []

            var index = WatchIndex(
                names: names, segmentStart: starts, segmentCount: counts, segmentCapacity: counts,
                pool: pool, positions: positions, watchCount: 0, variantCount: 0)
            index.sortAndDeduplicateSegments()
            return index
        }
    }

    /// An index of the given watches.
    public static func build(from watches: some Sequence<Watch>) -> WatchIndex {
        var builder = Builder()
        for watch in watches {
            builder.append(
                watchID: watch.id, variantID: watch.variantID, queuePosition: watch.queuePosition,
                state: watch.state)
        }
        return builder.build()
    }

    /// Puts each freshly filled segment in queue order, drops repeated watch ids, and counts.
    private mutating func sortAndDeduplicateSegments() {
        let positions = self.positions
        var watches = 0
        var variants = 0
        for variant in segmentStart.indices {
            let segment = range(of: variant)
            let ordered = segment.dropFirst().allSatisfy {
                !Self.isBefore(pool[$0], pool[$0 - 1], positions: positions)
            }
            if !ordered {
                pool[segment].sort { Self.isBefore($0, $1, positions: positions) }
            }
            var kept = segment.lowerBound
            for slot in segment {
                if kept > segment.lowerBound, pool[kept - 1] & Self.idMask == pool[slot] & Self.idMask {
                    continue
                }
                pool[kept] = pool[slot]
                kept += 1
            }
            segmentCount[variant] = UInt32(kept - segment.lowerBound)
            watches += kept - segment.lowerBound
            variants += kept > segment.lowerBound ? 1 : 0
        }
        watchCount = watches
        variantCount = variants
    }

    /// Queue order of two packed entries: by position, then id.
    private static func isBefore(_ left: Int64, _ right: Int64, positions: [Int64: Int64]) -> Bool {
        let leftID = left & idMask
        let rightID = right & idMask
        let leftPosition = positions.isEmpty ? leftID : positions[leftID] ?? leftID
        let rightPosition = positions.isEmpty ? rightID : positions[rightID] ?? rightID
        return (leftPosition, leftID) < (rightPosition, rightID)
    }
}
