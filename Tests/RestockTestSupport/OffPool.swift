import Foundation

/// Runs blocking work (a child process, a pipe read) on a thread of its own. Tests run on
/// Swift's cooperative pool, which has one thread per core: two tests blocked in
/// `waitUntilExit()` on a 2-core machine stall every other test, including those that wait for a
/// daemon with a deadline.
public enum OffPool {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
