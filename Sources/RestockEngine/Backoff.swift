/// The one backoff rule of the daemon's waits (a message's retries, the mail path's probes, a
/// loop's failures): `base × 2^(step − 1)`, at most `maximum`.
enum Backoff {
    /// The wait after the `step`th failure in a row (1 for the first). The exponent stops at 30,
    /// past any maximum the daemon uses, so the shift can never overflow.
    static func doubling(base: Double, step: Int, maximum: Double) -> Double {
        min(maximum, base * Double(1 << min(max(step - 1, 0), 30)))
    }
}
