extension WatchIndex {
    /// Slots of the pool not holding a live watch: holes left by moved segments and the spare
    /// room at the end of segments.
    var wastedSlots: Int { pool.count - watchCount }

    /// Gives a full segment room for more: in place when it ends the pool, otherwise by moving it
    /// to the end. 12.5 % spare room bounds both the waste and the copying (a segment is copied
    /// once per eighth of growth, so about 8 copies per insert, amortized).
    mutating func grow(_ variant: Int) {
        compactIfWasteful()
        let count = Int(segmentCount[variant])
        let capacity = Int(segmentCapacity[variant])
        let start = Int(segmentStart[variant])
        let newCapacity = count + max(2, count / 8)
        if start + capacity == pool.count {
            pool.reserveModestly(forAdding: newCapacity - capacity)
            pool.append(contentsOf: repeatElement(0, count: newCapacity - capacity))
        } else {
            pool.reserveModestly(forAdding: newCapacity)
            let newStart = pool.count
            for slot in start..<(start + count) { pool.append(pool[slot]) }
            pool.append(contentsOf: repeatElement(0, count: newCapacity - count))
            segmentStart[variant] = Self.offset(newStart)
        }
        segmentCapacity[variant] = UInt32(newCapacity)
    }

    /// Rewrites the pool without holes or spare room once they pass a fifth of the live watches
    /// (plus a little, so a tiny index is not compacted on every change). Amortized over the
    /// changes that made the waste, this costs a few dozen copies per change.
    mutating func compactIfWasteful() {
        guard wastedSlots > watchCount / 5 + 1024 else { return }
        var compacted: [Int64] = []
        compacted.reserveCapacity(watchCount + watchCount / 8)
        for variant in segmentStart.indices {
            let segment = range(of: variant)
            segmentStart[variant] = Self.offset(compacted.count)
            segmentCapacity[variant] = segmentCount[variant]
            compacted.append(contentsOf: pool[segment])
        }
        pool = compacted
    }

    static func offset(_ slot: Int) -> UInt32 {
        precondition(slot <= Int(UInt32.max), "watch index pool exceeds 2^32 slots")
        return UInt32(slot)
    }
}
