extension Array {
    /// Makes room for `extra` more elements, growing by an eighth rather than the doubling that
    /// appending does. The watch index's buffers hold millions of elements for the life of the
    /// process, and doubling would leave up to half of each unused; an eighth costs a few more
    /// copies while the index grows, and at most 12.5 % of spare room once it has.
    mutating func reserveModestly(forAdding extra: Int) {
        let needed = count + extra
        guard needed > capacity else { return }
        reserveCapacity(needed + Swift.max(16, count / 8))
    }
}
