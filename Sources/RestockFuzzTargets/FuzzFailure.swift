/// A broken invariant: the fuzz driver turns it into a crash (so libFuzzer keeps the input) and a
/// replay or test into a failure naming it. A trap in the code under test needs no such help.
public struct FuzzFailure: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) { self.description = description }
}

/// Throws ``FuzzFailure`` with `message` unless `condition` holds.
func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws(FuzzFailure) {
    if !condition { throw FuzzFailure(message()) }
}
