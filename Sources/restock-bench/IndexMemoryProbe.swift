import RestockCore

/// One index-memory measurement, run by the child process.
struct IndexMemoryProbe {
    /// Bytes per watch, by `approximateBytes()` and by resident growth.
    struct Result {
        var approximate: Double
        var resident: Double

        /// What the child prints: `<approximate> <resident>`.
        var line: String { "\(approximate) \(resident)" }

        init(approximate: Double, resident: Double) {
            self.approximate = approximate
            self.resident = resident
        }

        init?(line: String) {
            let fields = line.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
            guard fields.count == 2 else { return nil }
            self.init(approximate: fields[0], resident: fields[1])
        }
    }

    var watches: Int
    var variants: Int

    /// Resident growth across filling the index, with the index alive and everything else freed.
    /// The variant ids are made before the first reading and outlive the second, so they cancel
    /// out.
    func measure(_ fill: IndexMemoryBenchmark.Fill) -> Result {
        let names = (0..<variants).map(Self.variantID)
        ProcessMemory.releaseFreedMemory()
        let before = ProcessMemory.residentBytes()
        let index = fill == .built ? build(names: names) : grow(names: names)
        ProcessMemory.releaseFreedMemory()
        let after = ProcessMemory.residentBytes()
        precondition(index.watchCount == watches, "index holds \(index.watchCount) watches, expected \(watches)")
        return withExtendedLifetime(names) {
            Result(
                approximate: Double(index.approximateBytes()) / Double(watches),
                resident: Double(after - before) / Double(watches))
        }
    }

    /// Shopify-like 14-digit numeric ids: each fits a small `String` inline, and costs its 14
    /// UTF-8 bytes in the index's interner.
    static func variantID(_ n: Int) -> String { String(40_000_000_000_000 + n * 7) }

    /// Scatters watches over variants without a stored table (which would itself be resident
    /// while measuring): a SplitMix64 step of the watch id.
    func variant(ofWatch id: Int) -> Int {
        var z = UInt64(id) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(variants))
    }

    /// As `loadIndex` does: appended in id order, laid out once.
    private func build(names: [String]) -> WatchIndex {
        var builder = WatchIndex.Builder()
        builder.reserveCapacity(watches)
        for id in 1...watches {
            builder.append(
                watchID: Int64(id), variantID: names[variant(ofWatch: id)], queuePosition: Int64(id), state: .watching)
        }
        return builder.build()
    }

    /// As subscriptions do while the daemon runs: one insert per watch.
    private func grow(names: [String]) -> WatchIndex {
        var index = WatchIndex()
        for id in 1...watches {
            index.insert(
                watchID: Int64(id), variantID: names[variant(ofWatch: id)], queuePosition: Int64(id), state: .watching)
        }
        return index
    }
}
