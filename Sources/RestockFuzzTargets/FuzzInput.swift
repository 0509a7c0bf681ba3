/// One fuzz input, cut into the values a target needs.
///
/// Fields are separated by NUL bytes, so a seed is readable text (`cat -v` shows the `^@`) and
/// libFuzzer's mutations keep most of a field when they change its neighbour. The last field a
/// target asks for takes the rest of the input, NULs included, so a body can hold any byte.
/// Choices that should not cost input bytes (chunk sizes) come from ``generator()``, seeded by the
/// whole input, so a replayed file makes the same choices.
public struct FuzzInput: Sendable {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Exactly `count` fields; absent ones are empty.
    func fields(_ count: Int) -> [ArraySlice<UInt8>] {
        var fields = bytes[...].split(separator: 0, maxSplits: count - 1, omittingEmptySubsequences: false)
        while fields.count < count { fields.append([]) }
        return fields
    }

    /// Every NUL-separated field, up to `limit` (the rest of the input is ignored).
    func allFields(limit: Int) -> [ArraySlice<UInt8>] {
        Array(bytes[...].split(separator: 0, omittingEmptySubsequences: false).prefix(limit))
    }

    /// Field bytes as text, the way an HTTP layer or JSON decoder hands text over: invalid UTF-8
    /// becomes U+FFFD.
    static func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// A generator seeded by the input's bytes (FNV-1a).
    func generator() -> SplitMix64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return SplitMix64(seed: hash)
    }
}

/// SplitMix64 (Steele, Lea and Flood): a small deterministic generator, so choices a target
/// makes from its input repeat exactly when the input is replayed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
