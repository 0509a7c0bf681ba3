import Logging
import RestockCore

extension Dispatcher {
    /// What to do with a claimed row before rendering it.
    enum Gated {
        /// Send this entry (a "sold out again" email trimmed to the watches that were told).
        case send(OutboxEntry)
        /// Not sent now; its outcome is written.
        case done(Outcome)

        /// The outcome of a row not sent now (for one to send, `.sent`, which is never read).
        var outcome: Outcome {
            switch self {
            case .send: .sent
            case .done(let outcome): outcome
            }
        }
    }

    /// Seconds before a "sold out again" email waiting for its back-in-stock email is looked at
    /// again.
    static let soldOutAgainRecheck: Double = 60

    /// Applies ``SoldOutAgainGate`` to a "sold out again" email (issue 16: no follow-up for a
    /// notification that was not delivered). While a back-in-stock email it follows is still
    /// in flight the row is queued again for a minute later, no attempt counted; when none of
    /// them was sent it ends `failed` with the reason, counting in no statistic, since nothing
    /// was attempted.
    func gated(_ entry: OutboxEntry, _ content: DispatchContent, now: Timestamp) async throws -> Gated {
        switch content.soldOutAgainGate {
        case nil:
            return .send(entry)
        case .send(let items)?:
            var trimmed = entry
            trimmed.items = items
            return .send(trimmed)
        case .wait?:
            // Queued again uncounted: waiting is not a refusal, so it neither adds an attempt nor
            // starts the give-up clock (deferred_since) its first real refusal will start.
            try await record(
                .requeue(
                    id: entry.id, token: entry.leaseToken, dueAt: now.adding(seconds: Self.soldOutAgainRecheck),
                    error: "waiting for the back-in-stock email it follows to be sent", at: now),
                for: entry)
            return .done(.retried)
        case .drop?:
            try await record(
                .failed(
                    id: entry.id, token: entry.leaseToken,
                    error: "not sent: the back-in-stock email it follows was never delivered", at: now),
                for: entry)
            logger.info("sold-out-again email dropped", metadata: ["restock.outbox.id": "\(entry.id)"])
            return .done(.failed)
        }
    }
}
