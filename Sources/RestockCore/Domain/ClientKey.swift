/// Who a per-client limit counts: an IPv4 address, or the /64 block of an IPv6 address.
///
/// One IPv6 subscriber is routinely given a whole /64 (and often far more), so counting each
/// IPv6 address alone would give one client 2^64 budgets. An IPv4-mapped IPv6 address
/// (`::ffff:192.0.2.1`, as a dual-stack socket reports IPv4 peers) is the IPv4 address it maps.
/// Anything that is not an address (`local` in router tests) is its own key.
public struct ClientKey: Hashable, Sendable, CustomStringConvertible {
    /// `192.0.2.1/32`, `2001:db8:0:0:0:0:0:0/64`, or the text that was not an address.
    public let description: String

    public init(address: String) {
        switch IPRange.bytes(of: address)?.count {
        case 4: description = IPRange(address + "/32")?.description ?? address
        case 16: description = IPRange(address + "/64")?.description ?? address
        default: description = "other:" + address.prefix(64)
        }
    }
}
