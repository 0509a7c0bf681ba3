import Curl

/// What libcurl itself reaches here through our ``Curl`` module: one fixed message sent again
/// and again over the same connections, with no outbox, templates or store. The dispatcher can
/// at best come near this; the gap between it and `smtp-source` is the SMTP client's own cost
/// (libcurl waits for each reply on a blocked thread per connection), not the dispatcher's.
enum SMTPClientCeiling {
    /// Messages per second of `messages` copies of `message` over `connections` connections,
    /// two in flight per connection as the dispatcher keeps them.
    static func rate(url: String, connections: Int, messages: Int, message: [UInt8]) async throws -> Double {
        let client = SMTPClient(configuration: SMTPConfiguration(url: url, tls: .never, connections: connections))
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            var started = 0
            func startNext() {
                guard started < messages else { return }
                started += 1
                group.addTask {
                    _ = try await client.send(
                        sender: "shop@shop.example", recipients: ["shopper@example.com"], data: message)
                }
            }
            for _ in 0..<(2 * connections) { startNext() }
            while try await group.next() != nil { startNext() }
        }
        let seconds = (ContinuousClock.now - start).seconds
        guard client.connectionsOpened <= connections else {
            throw BenchError("the client opened \(client.connectionsOpened) connections for \(connections)")
        }
        return Double(messages) / seconds
    }
}
