/// Why a product feed could not be read. The message names what was wrong and, where known, the
/// line; it never repeats field text, so it is safe to log and to show to the shop.
public struct FeedError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
