import Foundation
import Synchronization

/// Reads a ``NotifySocket`` on a thread of its own for as long as a daemon runs, keeping every
/// datagram with the moment it arrived: a test that runs for a minute or more can then check
/// what systemd would have seen over all of it (the gaps between `WATCHDOG=1`, the `STATUS=`
/// lines), while its own tasks drive the daemon.
public final class NotifyRecorder: Sendable {
    public struct Message: Sendable {
        public var at: ContinuousClock.Instant
        public var text: String
    }

    private let received = Mutex<[Message]>([])
    private let stopped = Atomic<Bool>(false)
    private let finished = Mutex<CheckedContinuation<Void, Never>?>(nil)
    private let done = Atomic<Bool>(false)

    /// Starts reading `socket`, which the recorder keeps until ``stop()``.
    public init(_ socket: NotifySocket) {
        let box = UncheckedBox(socket)
        Thread { [self] in
            while !stopped.load(ordering: .acquiring) {
                if let text = box.value.next(timeout: 0.2) {
                    received.withLock { $0.append(Message(at: .now, text: text)) }
                }
            }
            done.store(true, ordering: .releasing)
            finished.withLock { $0?.resume() }
        }.start()
    }

    /// Every datagram so far, oldest first.
    public var messages: [Message] { received.withLock { $0 } }

    /// Stops reading and waits for the thread to end.
    public func stop() async {
        stopped.store(true, ordering: .releasing)
        await withCheckedContinuation { continuation in
            let already = finished.withLock { waiting -> Bool in
                if done.load(ordering: .acquiring) { return true }
                waiting = continuation
                return false
            }
            if already { continuation.resume() }
        }
    }
}

/// The socket is used by the recorder's thread only, once the recorder owns it.
private final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
