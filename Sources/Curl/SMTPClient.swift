import Synchronization
import Threading

/// Owns one ``SMTPConnection`` on a thread of its own: `curl_easy_perform` blocks for a whole
/// SMTP transaction, and the cooperative pool has one thread per core.
actor SMTPConnectionActor {
    private let executor: WorkerThread
    private let configuration: SMTPConfiguration
    private var connection: SMTPConnection?

    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    init(configuration: SMTPConfiguration, label: String) {
        self.configuration = configuration
        self.executor = WorkerThread(name: label)
    }

    deinit { executor.stop() }

    func send(sender: String, recipients: [String], data: [UInt8]) throws(CurlError) -> SMTPReply {
        if connection == nil { connection = try SMTPConnection(configuration: configuration) }
        return try connection!.send(sender: sender, recipients: recipients, data: data)
    }
}

/// Submits mail over a few long-lived SMTP connections, each carrying one message at a time and
/// many messages in turn. A message goes to an idle connection, or waits for the first one to
/// become idle, so ``SMTPConfiguration/connections`` bounds the concurrency.
public final class SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    private let connections: [SMTPConnectionActor]
    private let state = Mutex(State(idle: []))
    private let opened = Atomic<Int>(0)

    /// Connections opened so far (a reused one counts once): messages ÷ this is how well
    /// connections are reused.
    public var connectionsOpened: Int { opened.load(ordering: .relaxed) }

    private struct State {
        var idle: [Int]
        var waiting: [CheckedContinuation<Int, Never>] = []
    }

    public init(configuration: SMTPConfiguration) {
        self.configuration = configuration
        connections = (0..<configuration.connections).map {
            SMTPConnectionActor(configuration: configuration, label: "curl.smtp.\($0)")
        }
        state.withLock { $0.idle = Array(0..<configuration.connections) }
    }

    /// Submits one message; returns the server's reply once it accepted it, throws
    /// ``CurlError`` with the reply code when it did not.
    public func send(sender: String, recipients: [String], data: [UInt8]) async throws(CurlError) -> SMTPReply {
        let index = await checkOut()
        defer { checkIn(index) }
        let reply = try await connections[index].send(sender: sender, recipients: recipients, data: data)
        if reply.newConnection { opened.add(1, ordering: .relaxed) }
        return reply
    }

    private func checkOut() async -> Int {
        if let index = state.withLock({ $0.idle.popLast() }) { return index }
        return await withCheckedContinuation { continuation in
            let index = state.withLock { state -> Int? in
                if let index = state.idle.popLast() { return index }
                state.waiting.append(continuation)
                return nil
            }
            if let index { continuation.resume(returning: index) }
        }
    }

    private func checkIn(_ index: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Int, Never>? in
            if state.waiting.isEmpty {
                state.idle.append(index)
                return nil
            }
            return state.waiting.removeFirst()
        }
        waiter?.resume(returning: index)
    }
}
