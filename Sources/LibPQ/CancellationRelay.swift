import Synchronization
import Threading

/// Turns task cancellation into `PQcancel` for exactly the operation that was cancelled.
///
/// A cancel request cancels whatever the backend runs *when it arrives*, so one that arrives
/// late would hit the next caller's statement. Each operation therefore gets a ticket; the
/// cancel is sent only while that ticket is current, under the same lock that ends it, so once
/// ``end(_:)`` returns no cancel for that operation can be in flight.
///
/// A cancel that reaches the server before the statement does is ignored by the server, so the
/// request repeats (50 ms, doubling to 1 s apart) until the operation ends. Requests are sent
/// from one shared thread of our own because `PQcancel` blocks for a round trip: not from the
/// task calling `cancel()`, which may be on the cooperative pool, and not from a
/// `DispatchQueue`, which on Linux draws from that same small pool, so a pool full of threads
/// blocked in statements could never send the cancel that would unblock them.
final class CancellationRelay: Sendable {
    private struct State {
        var lastTicket: UInt64 = 0
        var current: UInt64?
        var token: PostgresCancelToken?
    }

    private let state = Mutex(State())
    /// One for the process: cancels are rare and each takes one short round trip.
    private static let sender = WorkerThread(name: "libpq.cancel")

    /// Marks a new operation as running on the connection `token` cancels.
    func begin(token: PostgresCancelToken?) -> UInt64 {
        state.withLock { state in
            state.lastTicket += 1
            state.current = state.lastTicket
            state.token = token
            return state.lastTicket
        }
    }

    /// Marks the operation finished; waits for a cancel being sent for it.
    func end(_ ticket: UInt64) {
        state.withLock { state in
            guard state.current == ticket else { return }
            state.current = nil
            state.token = nil
        }
    }

    /// Starts cancelling `ticket` until it ends; returns at once.
    func requestCancel(_ ticket: UInt64) {
        Self.sender.submit { self.cancel(ticket, retryAfter: 0.05) }
    }

    /// Cancels whatever operation is running now, once.
    func cancelCurrent() {
        Self.sender.submit {
            self.state.withLock { state in _ = state.token?.cancel() }
        }
    }

    private func cancel(_ ticket: UInt64, retryAfter delay: Double) {
        let stillRunning = state.withLock { state in
            guard state.current == ticket, let token = state.token else { return false }
            token.cancel()
            return true
        }
        guard stillRunning else { return }
        Self.sender.submit(after: delay) {
            self.cancel(ticket, retryAfter: min(delay * 2, 1))
        }
    }
}
