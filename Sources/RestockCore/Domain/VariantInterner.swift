/// Maps variant ids to dense `Int32` indices, storing each id once in one byte arena.
///
/// A `[String: Int32]` dictionary would cost a 16-byte `String` per key (plus a heap object for
/// ids longer than 15 bytes, such as Shopify's `gid://shopify/ProductVariant/…`) in a table kept
/// below 75 % full. Here an id costs its UTF-8 bytes plus a 4-byte end offset, and the hash table
/// holds 4-byte indices kept at most 80 % full: about `len + 10` bytes per variant.
///
/// Hashing goes through `Hasher`, which is seeded per process, so variant ids chosen by an
/// attacker cannot be crafted to collide.
struct VariantInterner: Sendable {
    /// Every id's UTF-8 bytes, back to back, in index order.
    private var bytes: [UInt8] = []
    /// `ends[i]` is where id `i` ends in `bytes`; it starts where id `i - 1` ends.
    private var ends: [UInt32] = []
    /// Open addressing with triangular probing; `-1` marks an empty slot. A power of two long.
    private var slots: [Int32] = []

    var count: Int { ends.count }

    /// The index of `name`, if it was interned.
    func index(of name: String) -> Int32? {
        guard !slots.isEmpty else { return nil }
        return Self.withUTF8(name) { key in find(key, hash: Self.hash(key)).index }
    }

    /// The index of `name`, interning it first if needed.
    mutating func intern(_ name: String) -> Int32 {
        if (count + 1) * 5 > slots.count * 4 { grow() }
        return Self.withUTF8(name) { key in
            let hash = Self.hash(key)
            let (slot, found) = find(key, hash: hash)
            if let found { return found }
            precondition(count < Int(Int32.max), "more variants than an Int32 can index")
            precondition(bytes.count + key.count <= Int(UInt32.max), "variant ids exceed 4 GiB")
            let index = Int32(count)
            bytes.reserveModestly(forAdding: key.count)
            bytes.append(contentsOf: key)
            ends.reserveModestly(forAdding: 1)
            ends.append(UInt32(bytes.count))
            slots[slot] = index
            return index
        }
    }

    /// The id interned at `index`.
    func name(at index: Int) -> String {
        String(decoding: bytes[range(of: index)], as: UTF8.self)
    }

    /// Bytes held by the buffers (their capacity, not just their contents).
    var approximateBytes: Int {
        bytes.capacity + ends.capacity * MemoryLayout<UInt32>.stride
            + slots.capacity * MemoryLayout<Int32>.stride
    }

    private func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])
    }

    private func find(_ key: UnsafeBufferPointer<UInt8>, hash: Int) -> (slot: Int, index: Int32?) {
        let mask = slots.count - 1
        var slot = hash & mask
        var step = 0
        while true {
            let index = slots[slot]
            if index < 0 { return (slot, nil) }
            let range = self.range(of: Int(index))
            if range.count == key.count && bytes[range].elementsEqual(key) { return (slot, index) }
            // Triangular steps visit every slot of a power-of-two table.
            step += 1
            slot = (slot + step) & mask
        }
    }

    private mutating func grow() {
        let size = max(16, slots.count * 2)
        slots = [Int32](repeating: -1, count: size)
        let mask = size - 1
        for index in 0..<count {
            let range = self.range(of: index)
            let hash = bytes.withUnsafeBufferPointer { Self.hash(.init(rebasing: $0[range])) }
            var slot = hash & mask
            var step = 0
            while slots[slot] >= 0 {
                step += 1
                slot = (slot + step) & mask
            }
            slots[slot] = Int32(index)
        }
    }

    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(key))
        return hasher.finalize()
    }

    private static func withUTF8<R>(_ name: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = name.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(name.utf8).withUnsafeBufferPointer(body)
    }
}
