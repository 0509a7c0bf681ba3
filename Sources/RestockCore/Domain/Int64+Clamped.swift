extension Int64 {
    /// `self + other`, held at the nearest bound instead of trapping. Figures summed from what
    /// shops sent (revenue in minor units, counts read back from the store, rows an earlier
    /// release wrote) must never stop the daemon that sums them: a report showing the largest
    /// number it can is better than no report, and far better than a crash on every request.
    public func addingClamped(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }

    /// Adds `other` in place, held at the nearest bound (``addingClamped(_:)``).
    public mutating func addClamped(_ other: Int64) { self = addingClamped(other) }

    /// `self * other`, held at the nearest bound instead of trapping (see ``addingClamped(_:)``).
    public func multipliedClamped(by other: Int64) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self < 0) == (other < 0) ? .max : .min
    }
}
